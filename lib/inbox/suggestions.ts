import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rowsOf } from '../jobs/outbox';

export interface Suggestion {
  answer: string;
  question: string;
  score: number;
}

/** Chinese text yields few shared trigrams, so pg_trgm's default 0.3 would miss close questions. */
const SIMILARITY_THRESHOLD = 0.12;

/**
 * Answers staff gave earlier to questions like this one, in the same account: the most similar
 * earlier citizen messages (pg_trgm `%`, served by the trigram index on messages.content, on
 * PGlite and PostgreSQL alike), each with the first staff reply that followed it.
 */
export async function suggestReplies(args: { db: Db; accountId: string; conversationId: number; text: string; limit?: number }): Promise<Suggestion[]> {
  const q = args.text.trim().slice(0, 300);
  if (q.length < 2) return [];
  return args.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('pg_trgm.similarity_threshold', ${String(SIMILARITY_THRESHOLD)}, true)`);
    const result = await tx.execute(sql`
      with similar_questions as (
        select m.id, m.conversation_id, m.content, similarity(m.content, ${q}) as score
        from messages m
        where m.account_id = ${args.accountId}::uuid and m.direction = 'inbound' and m.content % ${q}
          and m.conversation_id is not null and m.conversation_id <> ${args.conversationId}
        order by score desc
        limit 20
      )
      select s.content as question, s.score, r.content as answer
      from similar_questions s
      cross join lateral (
        select o.content from messages o
        where o.conversation_id = s.conversation_id and o.direction = 'outbound' and o.id > s.id
          and o.author_id is not null and o.msg_type = 'text'
        order by o.id limit 1
      ) r
      order by s.score desc
      limit 10`);
    const seen = new Set<string>();
    const out: Suggestion[] = [];
    for (const row of rowsOf<Record<string, unknown>>(result)) {
      const answer = String(row.answer ?? '');
      if (!answer || seen.has(answer)) continue;
      seen.add(answer);
      out.push({ answer, question: String(row.question ?? ''), score: Number(row.score) });
      if (out.length >= (args.limit ?? 3)) break;
    }
    return out;
  });
}
