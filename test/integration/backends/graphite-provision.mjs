// The Debian 12 packages the Graphite integration test (test/integration/graphite.test.ts) needs,
// for test/provision.mjs to install as root; each names the file that proves it is installed.
// graphite-web pulls in python3-django, python3-whisper and the rest: nothing comes from PyPI.
//
// The test runs daemons of its own (backends/graphite-backend.sh, on free 127.0.0.1 ports) and
// never the system's. Note: on a host booted with systemd, installing graphite-carbon enables and
// starts carbon-cache.service, which listens on 0.0.0.0:2003/2004/7002 (/etc/carbon/carbon.conf);
// `systemctl disable --now carbon-cache` if that is unwanted. Without systemd (containers) its
// init script honours CARBON_CACHE_ENABLED=false in /etc/default/graphite-carbon and starts nothing.

/** @type {{ name: string, proof: string, why: string }[]} */
export const graphiteDebianPackages = [
  { name: 'graphite-carbon', proof: '/usr/bin/carbon-cache', why: 'Graphite integration test (carbon-cache stores the seeded metrics)' },
  { name: 'graphite-web', proof: '/usr/bin/graphite-manage', why: 'Graphite integration test (render, metrics/find and events API)' },
  { name: 'gunicorn', proof: '/usr/bin/gunicorn', why: 'Graphite integration test (serves graphite-web)' },
];
