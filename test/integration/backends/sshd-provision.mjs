// The Debian packages the SSH log source's integration test and bench need, in test/provision.mjs's
// shape (`proof` shows it is installed). The test starts its own private sshd (sshd-backend.sh:
// own config, host key and authorized_keys in a temp dir, 127.0.0.1 and a free port only); the
// package's own ssh.service is not started where there is no systemd, and is never used.
export const sshdDebianPackages = [
  {
    name: 'openssh-server',
    proof: '/usr/sbin/sshd',
    why: 'integration test and bench of the SSH log source against a real sshd (test/integration/ssh-logs.test.ts)',
  },
  { name: 'lnav', proof: '/usr/bin/lnav', why: 'the logs bench compares the core ingest with lnav on the same file' },
];
