// The Debian package the HTTP log source's integration test needs, in test/provision.mjs's
// shape: `proof` is the file that shows it is installed. The test starts its own private nginx
// (nginx-backend.sh: own config, pid and logs under a temp dir, 127.0.0.1 and a free port only),
// so it neither needs nor touches the default server the package may start on port 80: with
// systemd as PID 1 the postinst starts nginx.service on *:80; without systemd (a container)
// invoke-rc.d cannot tell the runlevel, finds no start link for it and starts nothing.
export const nginxDebianPackages = [
  {
    name: 'nginx',
    proof: '/usr/sbin/nginx',
    why: 'integration test of the HTTP log source against a real nginx (test/integration/http-logs.test.ts)',
  },
];
