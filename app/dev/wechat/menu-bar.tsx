'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { PhoneMenuButton, PhoneMenuLeaf } from '@/lib/wechat/simulator/phone-menu-view';
import type { SimLabels } from './phone-data';

type Leaf = PhoneMenuLeaf;

/**
 * The account's custom menu along the bottom, as WeChat draws it: up to three buttons, a group
 * opening a pop-up list above itself. Escape or a tap elsewhere closes the pop-up.
 */
export function MenuBar({ menu, disabled, labels, onPress }: { menu: PhoneMenuButton[]; disabled: boolean; labels: SimLabels; onPress(button: Leaf): void }) {
  const [open, setOpen] = useState<number | null>(null);
  const bar = useRef<HTMLElement>(null);
  const baseId = useId();

  useEffect(() => {
    if (open === null) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !bar.current?.contains(event.target as Node)) setOpen(null);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, [open]);

  if (menu.length === 0) return null;
  const press = (button: Leaf) => {
    setOpen(null);
    if (button.type !== 'other') onPress(button);
  };

  return (
    <nav ref={bar} aria-label={labels['sim.menu']} className="relative border-t border-slate-300 bg-[#f7f7f7]">
      <ul className="flex">
        {menu.map((button, i) => (
          <li key={i} className="relative flex-1 border-l border-slate-300 first:border-l-0">
            {button.type === 'group' ? (
              <>
                <button
                  type="button"
                  aria-expanded={open === i}
                  aria-controls={`${baseId}-menu-${i}`}
                  disabled={disabled}
                  onClick={() => setOpen(open === i ? null : i)}
                  className="min-h-12 w-full px-1 text-[15px] text-slate-800 hover:bg-slate-200 disabled:text-slate-400"
                >
                  <span aria-hidden="true">≡ </span>
                  {button.name}
                </button>
                <ul
                  id={`${baseId}-menu-${i}`}
                  hidden={open !== i}
                  className="absolute bottom-full left-1/2 z-10 mb-2 w-max min-w-full max-w-[12rem] -translate-x-1/2 divide-y divide-slate-200 rounded-md bg-white shadow-lg ring-1 ring-slate-300"
                >
                  {button.sub.map((sub, j) => (
                    <li key={j}>
                      <LeafButton button={sub} disabled={disabled} onPress={press} />
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <LeafButton button={button} disabled={disabled} onPress={press} />
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

function LeafButton({ button, disabled, onPress }: { button: Leaf; disabled: boolean; onPress(button: Leaf): void }) {
  return (
    <button
      type="button"
      disabled={disabled || button.type === 'other'}
      onClick={() => onPress(button)}
      className="min-h-12 w-full px-2 text-[15px] text-slate-800 hover:bg-slate-200 disabled:text-slate-400"
    >
      {button.name}
    </button>
  );
}
