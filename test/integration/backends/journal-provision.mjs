// The Debian packages the journal log sources' tests need, in test/provision.mjs's shape (`proof`
// shows it is installed). systemd-journal-remote brings both daemons of the central journal
// (journal-private.mjs starts them on loopback ports); journalctl, which the log wrapper runs for
// the journal over SSH, comes with systemd itself.
export const journalDebianPackages = [
  {
    name: 'systemd-journal-remote',
    proof: '/lib/systemd/systemd-journal-remote',
    why: 'the central journal (systemd-journal-remote + systemd-journal-gatewayd) of test/integration/journal-logs.test.ts',
  },
  { name: 'systemd', proof: '/usr/bin/journalctl', why: 'journalctl, which the log wrapper runs for the journal over SSH' },
];
