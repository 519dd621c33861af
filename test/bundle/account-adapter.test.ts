// The ScriptAccount adapter over Session and ScriptApp.

import { appsScriptAccount } from '../../src/adapters/script-services';
import { fakeGlobals, removeFakeGlobals } from './globals';

afterEach(removeFakeGlobals);

function fakeScriptApp(status: 'REQUIRED' | 'NOT_REQUIRED', required: string[] = []) {
  fakeGlobals({
    ScriptApp: {
      AuthMode: { FULL: 'FULL' },
      AuthorizationStatus: { REQUIRED: 'REQUIRED', NOT_REQUIRED: 'NOT_REQUIRED' },
      getAuthorizationInfo: (mode: string) => ({
        getAuthorizationStatus: () => (mode === 'FULL' ? status : 'x'),
      }),
      requireAllScopes: (mode: string) => void required.push(mode),
    },
  });
}

describe('appsScriptAccount', () => {
  it('answers the effective user’s email', () => {
    fakeGlobals({ Session: { getEffectiveUser: () => ({ getEmail: () => 'alice@corp.example' }) } });
    expect(appsScriptAccount().email()).toBe('alice@corp.example');
  });

  it('answers an empty email when Session refuses (no userinfo.email scope)', () => {
    fakeGlobals({
      Session: {
        getEffectiveUser: () => {
          throw new Error('You do not have permission to call Session.getEffectiveUser');
        },
      },
    });
    expect(appsScriptAccount().email()).toBe('');
  });

  it('says authorization is required when Apps Script says REQUIRED for FULL', () => {
    fakeScriptApp('REQUIRED');
    expect(appsScriptAccount().authorizationRequired()).toBe(true);
  });

  it('asks for every scope in FULL mode', () => {
    const asked: string[] = [];
    fakeScriptApp('NOT_REQUIRED', asked);
    appsScriptAccount().requireAllScopes();
    expect(asked).toEqual(['FULL']);
  });
});
