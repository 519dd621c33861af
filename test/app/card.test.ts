// /offboard's card and Slack's 3 seconds: what is at stake is read in one round after the lookup, unless
// the lookup already took too long.

import * as app from '../../src/app';
import { ACCESS_READ_BUDGET_MS } from '../../src/run/budgets';
import { slashCommandPost } from '../fixtures/slack';
import { makeWorld, type World } from '../fixtures/world';

function card(w: World): string {
  return JSON.stringify(
    app.handleSlackPost(() => w.services, slashCommandPost({ text: 'jane.doe@example.com' })),
  );
}

function roleReads(w: World): number {
  return w.okta.requests.filter((r) => r.operation === 'listAssignedRolesForUser').length;
}

describe('the card on /offboard', () => {
  it('names the admin role read after the lookup', () => {
    const w = makeWorld();
    w.okta.assignRole(w.target.id, 'ORG_ADMIN');
    expect(card(w)).toContain('Admin roles*\\nOrganization administrator');
  });

  it('skips the read and refuses, saying protection could not be checked, when the lookup took longer than the budget', () => {
    const w = makeWorld();
    const fetch = w.okta.fetch.bind(w.okta);
    w.okta.fetch = (request) => {
      w.services.clock.advance(ACCESS_READ_BUDGET_MS + 100);
      return fetch(request);
    };
    const text = card(w);
    expect({ roleReads: roleReads(w), says: /could not check whether .* is protected/.test(text) }).toEqual({
      roleReads: 0,
      says: true,
    });
  });
});
