import type { PassiveReply } from '@/lib/wechat/reply';

/**
 * What the citizen would see for one reply, as text: staff-written content is rendered as text,
 * never as HTML (docs/reliability.md G3), and links are shown, not followed.
 */
export function ReplyPreview({ reply, imageLabel }: { reply: PassiveReply; imageLabel: string }) {
  if (reply.type === 'text') return <p className="whitespace-pre-wrap break-words">{reply.content}</p>;
  if (reply.type === 'image') return <p className="break-all">{imageLabel.replace('{id}', reply.mediaId)}</p>;
  if (reply.type === 'news') {
    return (
      <ul className="space-y-1">
        {reply.articles.map((a, i) => (
          <li key={i} className="break-words">
            <span className="font-medium">{a.title}</span>
            {a.description ? <span className="block text-sm text-slate-700">{a.description}</span> : null}
            {a.url ? <span className="block break-all text-sm text-slate-600">{a.url}</span> : null}
          </li>
        ))}
      </ul>
    );
  }
  return <p>[{reply.type}]</p>;
}
