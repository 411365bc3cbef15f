import { app, Menu } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';

const isMac = process.platform === 'darwin';

/**
 * A small menu: without one, Edit's shortcuts (copy a log line, paste a reason) do nothing on
 * macOS, and the default menu offers devtools in the packaged app.
 */
export function installMenu(): void {
  app.setAboutPanelOptions({ applicationName: 'Ops Console', applicationVersion: app.getVersion() });
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  // Reload and devtools are for whoever builds the app, not for the person on call.
  if (!app.isPackaged) view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' });

  const help: MenuItemConstructorOptions[] = [{ label: 'About Ops Console', click: () => app.showAboutPanel() }];

  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    { role: 'help', submenu: help },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
