import { contractCases } from '../../contract/contract-cases';
import { electronBinary, ipcBridge, skipReason, test } from './electron-app';

// The suite the in-process and HTTP bridges pass, over preload + IPC in the real app.
test.skip(!electronBinary, skipReason);

for (const contractCase of contractCases) {
  test(contractCase.name, async ({ freshConsole: { page } }) => {
    await contractCase.run(await ipcBridge(page));
  });
}
