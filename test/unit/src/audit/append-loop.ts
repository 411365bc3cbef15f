// Run as a child process by audit-log-kill.test.ts: appends audit entries until it is killed,
// printing each id only after its append (write + fsync) has returned.
import { AuditLog } from '../../../../src/audit/audit-log';
import { auditEntry } from './audit-entries';

const [file, prefix] = process.argv.slice(2);
const log = new AuditLog(file!);
for (let i = 0; ; i++) {
  const id = `${prefix}-${i}`;
  // Sizes from a line to 6 MB: Linux lets SIGKILL cut a write that large, so some records tear.
  await log.append(auditEntry({ id, message: 'x'.repeat((i * 7_919 * 613) % 6_000_000) }));
  process.stdout.write(`${id}\n`);
}
