// Runs the consoles of one phase of the many-consoles bench in a process of their own (so the
// recording proxies' clock is not theirs): argv[2] is a JSON file { bundle, staggerMs, consoles:
// [ConsoleOptions] }. Each console starts at a random moment within staggerMs, as people open
// theirs; prints "started" once all run, stops them all on SIGTERM, then prints "stopped".
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { startConsole } = await import(pathToFileURL(plan.bundle).href);
const running = await Promise.all(
  plan.consoles.map((options) => new Promise((resolve) => setTimeout(resolve, Math.random() * plan.staggerMs)).then(() => startConsole(options))),
);
process.stdout.write('started\n');
process.once('SIGTERM', async () => {
  await Promise.all(running.map((c) => c.stop().catch(() => {})));
  process.stdout.write('stopped\n');
  process.exit(0);
});
