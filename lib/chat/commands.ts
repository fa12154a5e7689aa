import { handleEventCommand } from '../events/commands';
import { parseEventCommand } from '../events/parse-command';
import type { Tx } from '../jobs/outbox';
import { handleSubscriptionCommand, parseSubscriptionCommand } from '../tags/self-service';
import { caseLookupCommand } from '../service/case-lookup';
import { ratingCommand } from '../service/ratings';
import type { InboundMessage } from '../wechat/messages';
import type { PassiveReply } from '../wechat/reply';

/**
 * Everything a citizen can ask of the chat itself rather than of staff: `报名 12`, a QR scene,
 * `1`… One list, so lib/inbox/ingest.ts has one hook, and the order below is the precedence when
 * two commands could read the same message (the first that answers wins; a command that
 * answers null passes the message on).
 */
export interface ChatCommandContext {
  tx: Tx;
  account: { id: string };
  followerId: number | null;
  message: InboundMessage;
  at: Date;
}

export interface ChatCommand {
  name: string;
  /** A cheap, database-free test: only a message some command matches takes the transactional lane. */
  matches(message: InboundMessage): boolean;
  handle(context: ChatCommandContext): Promise<PassiveReply | null>;
}

const eventsCommand: ChatCommand = {
  name: 'events',
  matches: (message) => parseEventCommand(message) !== null,
  handle: (context) => handleEventCommand(context),
};

/** `订阅 交通` / `退订 交通`, `订阅` alone, and the interest-group menu keys (lib/tags/self-service.ts). */
const interestGroupsCommand: ChatCommand = {
  name: 'interest-groups',
  matches: (message) => parseSubscriptionCommand(message) !== null,
  handle: (context) => handleSubscriptionCommand(context),
};

/**
 * The rating comes before events: for a digit it answers only when its ask is newer than a
 * live tag offer, and otherwise passes the `1` on (lib/service/ratings.ts).
 */
export const CHAT_COMMANDS: readonly ChatCommand[] = [caseLookupCommand, ratingCommand, eventsCommand, interestGroupsCommand];

/** True when some command may answer this message (then ingest writes it in a transaction). */
export function mayBeChatCommand(message: InboundMessage): boolean {
  return CHAT_COMMANDS.some((command) => command.matches(message));
}

/** The first command's answer to this message, inside the caller's transaction; null: none answered. */
export async function answerChatCommand(context: ChatCommandContext): Promise<PassiveReply | null> {
  for (const command of CHAT_COMMANDS) {
    if (!command.matches(context.message)) continue;
    const reply = await command.handle(context);
    if (reply) return reply;
  }
  return null;
}
