'use client';

import { useId, useState } from 'react';
import type { MenuDraft } from '@/lib/menu/limits';

/**
 * The draft as a citizen's phone shows it, drawn like the simulator's menu bar
 * (app/dev/wechat/menu-bar.tsx): the chat above, up to three buttons along the bottom, a group
 * opening its sub-buttons above itself. Only groups are interactive here; leaves do nothing in
 * a preview, so they are plain text, not buttons.
 */
export function MenuPreview({ menu, accountName, copy }: { menu: MenuDraft; accountName: string; copy: { heading: string; empty: string; chat: string } }) {
  const [open, setOpen] = useState<number | null>(null);
  const baseId = useId();
  const buttons = menu.buttons.filter((b) => b.name.trim() !== '' || b.sub.length > 0);
  return (
    <section aria-labelledby={`${baseId}-h`} className="space-y-2">
      <h2 id={`${baseId}-h`} className="text-lg font-semibold">
        {copy.heading}
      </h2>
      <div className="mx-auto flex h-[28rem] w-full max-w-[20rem] flex-col overflow-hidden rounded-[2rem] border-8 border-slate-800 bg-[#ededed] shadow-lg">
        <div className="bg-[#ededed] px-4 py-3 text-center font-medium text-slate-900 ring-1 ring-slate-300">{accountName}</div>
        <div className="flex flex-1 items-center justify-center px-4 text-sm text-slate-600">{buttons.length === 0 ? copy.empty : copy.chat}</div>
        {buttons.length > 0 ? (
          <ul className="flex border-t border-slate-300 bg-[#f7f7f7]">
            {buttons.map((button, i) => (
              <li key={i} className="relative flex-1 border-l border-slate-300 first:border-l-0">
                {button.sub.length > 0 ? (
                  <>
                    <button
                      type="button"
                      aria-expanded={open === i}
                      aria-controls={`${baseId}-sub-${i}`}
                      onClick={() => setOpen(open === i ? null : i)}
                      className="min-h-12 w-full px-1 text-[15px] text-slate-800 hover:bg-slate-200"
                    >
                      <span aria-hidden="true">≡ </span>
                      {button.name}
                    </button>
                    <ul
                      id={`${baseId}-sub-${i}`}
                      hidden={open !== i}
                      className="absolute bottom-full left-1/2 z-10 mb-2 w-max min-w-full max-w-[12rem] -translate-x-1/2 divide-y divide-slate-200 rounded-md bg-white shadow-lg ring-1 ring-slate-300"
                    >
                      {button.sub.map((sub, j) => (
                        <li key={j} className="flex min-h-12 items-center justify-center px-2 text-[15px] text-slate-800">
                          {sub.name}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <span className="flex min-h-12 items-center justify-center px-1 text-center text-[15px] text-slate-800">{button.name}</span>
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </section>
  );
}
