// No Audit Log entry is dropped silently: an entry the Sheet refuses waits in Script Properties and is
// written with the next entry that gets through.

import * as app from '../../src/app';
import { createContext } from '../../src/handlers/context';
import { PENDING_AUDIT_KEY } from '../../src/sheet/auditLog';
import { makeWorld, type World } from '../fixtures/world';

function auditRows(w: World): string[] {
  return w.sheet
    .sheet('Audit Log')
    .rows()
    .slice(1)
    .map((r) => String(r[2]));
}

function withAuditTabRenamed(): World {
  const w = makeWorld();
  w.sheet.sheet('Audit Log').tabName = 'Audit (old)';
  createContext(w.services).audit({ actor: 'offboard', action: 'while renamed' });
  return w;
}

describe('an Audit Log entry the Sheet refuses', () => {
  it('waits in Script Properties', () => {
    const w = withAuditTabRenamed();
    expect(w.services.properties.values[PENDING_AUDIT_KEY]).toContain('while renamed');
  });

  it('is named by checkConfiguration', () => {
    const w = withAuditTabRenamed();
    expect(app.checkConfiguration(() => w.services)).toContain(
      'Audit Log: 1 entry waits in Script Properties',
    );
  });

  it('is written before the next entry once setup has restored the tab', () => {
    const w = withAuditTabRenamed();
    app.setup(() => w.services);
    createContext(w.services).audit({ actor: 'offboard', action: 'after setup' });
    expect([auditRows(w), w.services.properties.values[PENDING_AUDIT_KEY]]).toEqual([
      ['while renamed', 'after setup'],
      undefined,
    ]);
  });
});
