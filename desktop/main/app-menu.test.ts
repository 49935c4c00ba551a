import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuTemplate } from './app-menu';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('menuTemplate', () => {
  it('gives macOS its application menu and the edit shortcuts text fields need', () => {
    const template = menuTemplate({ platform: 'darwin', appName: 'CapLiquify', isPackaged: true });
    expect(template[0]?.label).toBe('CapLiquify');
    expect(roles(template)).toEqual(expect.arrayContaining(['about', 'quit', 'copy', 'paste', 'selectAll', 'undo']));
  });

  it('keeps developer tools out of installed builds', () => {
    expect(roles(menuTemplate({ platform: 'win32', appName: 'CapLiquify', isPackaged: true }))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate({ platform: 'linux', appName: 'CapLiquify', isPackaged: false }))).toContain('toggleDevTools');
  });
});
