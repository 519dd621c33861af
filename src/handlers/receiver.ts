// The Slack receiver, in a fixed order: parse → verify → route → answer. Routing belongs with the
// handlers, so slack/ never imports handlers/. Every path ends in JSON Slack renders; nothing throws out.

import { asOffboardError } from '../errors';
import { ephemeral, errorText, unverifiedText, type SlackMessage } from '../slack/messages';
import { credentialsOf, parseRequest, type RawPost } from '../slack/request';
import { verifyRequest } from '../slack/verify';
import { handleButtonClick } from './buttonClick';
import type { AppContext } from './context';
import { handleSlashCommand } from './slashCommand';

/** What doPost answers: a message, the url_verification challenge, or an empty acknowledgement. */
export type Reply = SlackMessage | { challenge: string } | Record<string, never>;

export function receive(context: () => AppContext, post: RawPost): Reply {
  const request = parseRequest(post);
  if (request.kind === 'malformed') {
    return ephemeral('Slack sent something Offboard could not read. Please try again.');
  }
  let ctx: AppContext;
  try {
    ctx = context();
  } catch {
    return ephemeral(
      'Offboard could not start: ask an Offboard admin to run *Check configuration* from the Offboarding menu.',
    );
  }
  try {
    const creds = credentialsOf(request);
    const verdict = verifyRequest(creds.token, creds.teamId, creds.appId, {
      verificationToken: ctx.config.slackVerificationToken,
      teamId: ctx.config.slackTeamId,
      appId: ctx.config.slackAppId,
    });
    if (!verdict.ok) {
      ctx.services.log.warn('request refused', { code: verdict.code, kind: request.kind });
      // Without a verification token nothing can be verified; saying so reveals no secret and saves the
      // admin a search. Any other failure says nothing about which part was wrong.
      if (verdict.code === 'CONFIG_MISSING') {
        return ephemeral(
          'Offboard is not set up yet. Ask an Offboard admin to run *Check configuration* from the Offboarding menu in the Sheet.',
        );
      }
      return ephemeral(unverifiedText());
    }
    switch (request.kind) {
      case 'ssl_check':
        return {};
      case 'url_verification':
        return { challenge: request.challenge };
      case 'unsupported':
        return ephemeral('Offboard does not handle that kind of Slack interaction.');
      case 'block_actions':
        return handleButtonClick(ctx, request.actions);
      case 'slash_command':
        return handleSlashCommand(ctx, request.command);
    }
  } catch (e) {
    const error = asOffboardError(e);
    if (error.code === 'INTERNAL') ctx.services.log.error('request failed', { error: error.message });
    return ephemeral(errorText(error));
  }
}
