/** The buyer chat's browser code and style, served as `/chat/app.js` and inline CSS. Plain
 * script, no build step. Every piece of text goes in with textContent: a buyer's or bot's
 * message can never become markup. */
export const CHAT_SCRIPT = `'use strict';
(() => {
  const list = document.getElementById('messages');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const sendButton = document.getElementById('send');
  const status = document.getElementById('status');
  const forget = document.getElementById('forget');
  const shown = new Map();
  const buttonLabels = new Map();
  let cursor = '';
  // Bumped when the chat is cleared: a poll that started before must not bring it back.
  let generation = 0;

  // crypto.randomUUID needs a secure context; plain http on a LAN address is not one.
  const uuid = () => {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  };

  const say = (text, isError) => {
    status.textContent = text;
    status.className = isError ? 'status error' : 'status';
  };

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  function render(m) {
    const item = el('li', 'msg ' + m.from);
    item.dataset.id = m.id;
    item.dataset.at = m.createdAt;
    const who = m.from === 'you' ? 'You' : m.from === 'staff' ? 'Support team' : 'Ticketops';
    item.append(el('span', 'who', who));
    // A pressed button was sent as its id; show the label the buyer actually saw.
    item.append(el('span', 'text', m.from === 'you' ? buttonLabels.get(m.text) ?? m.text : m.text));
    if (m.buttons && m.buttons.length) {
      const row = el('div', 'choices');
      for (const b of m.buttons) {
        buttonLabels.set(b.id, b.label);
        const button = el('button', 'choice', b.label);
        button.type = 'button';
        button.addEventListener('click', () => {
          for (const other of row.querySelectorAll('button')) other.disabled = true;
          button.classList.add('picked');
          send(b.id);
        });
        row.append(button);
      }
      item.append(row);
    }
    return item;
  }

  function place(m) {
    if (shown.has(m.id)) return false;
    const item = render(m);
    shown.set(m.id, item);
    const later = Array.from(list.children).find((n) => n.dataset.at > m.createdAt);
    list.insertBefore(item, later || null);
    return true;
  }

  // The session ended (idle too long) or the buyer asked to be forgotten: nothing of the
  // conversation stays on screen for the next person at this computer.
  function clearChat(note) {
    generation++;
    shown.clear();
    buttonLabels.clear();
    list.replaceChildren();
    cursor = '';
    say(note);
  }

  async function poll() {
    const started = generation;
    try {
      const query = cursor ? '?after=' + encodeURIComponent(cursor) : '';
      const res = await fetch('/api/chat/messages' + query, { credentials: 'same-origin' });
      if (res.ok) {
        const body = await res.json();
        if (started !== generation) return;
        if (body.ended) {
          clearChat('This chat ended after a while without messages. Write again to start a new one.');
          return;
        }
        let added = false;
        for (const m of body.messages) added = place(m) || added;
        if (body.cursor) cursor = body.cursor;
        if (added) list.lastElementChild?.scrollIntoView({ block: 'end' });
        if (status.dataset.offline) { delete status.dataset.offline; say(''); }
      }
    } catch {
      status.dataset.offline = '1';
      say('Connection lost, retrying…', true);
    }
  }

  // The same clientMessageId on every retry: the server stores the message once.
  async function send(text) {
    const body = JSON.stringify({ text, clientMessageId: uuid() });
    sendButton.disabled = true;
    say('Sending…');
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await fetch('/api/chat/messages', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            credentials: 'same-origin',
            body,
          });
          const answer = await res.json().catch(() => ({}));
          if (res.status === 202) { say(''); await poll(); return true; }
          say(answer.error || answer.message || 'Could not send (' + res.status + ').', true);
          return false;
        } catch {
          if (attempt >= 3) { say('Could not reach the server. Try again.', true); return false; }
          await new Promise((r) => setTimeout(r, 500 * attempt));
        }
      }
    } finally {
      sendButton.disabled = false;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (await send(text)) input.value = '';
    input.focus();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });

  forget.addEventListener('click', async () => {
    forget.disabled = true;
    try {
      await fetch('/api/chat/forget', { method: 'POST', credentials: 'same-origin' });
      clearChat('Done: this browser no longer shows your chat or your orders.');
    } catch {
      say('Could not reach the server. Try again.', true);
    } finally {
      forget.disabled = false;
    }
  });

  const loop = async () => { await poll(); setTimeout(loop, 1000); };
  loop();
})();
`;

export const CHAT_STYLE = `
*{box-sizing:border-box}html,body{height:100%}
body{margin:0;font:15px/1.45 system-ui,sans-serif;color:#1d2430;background:#eef1f5;display:flex;justify-content:center}
.chat{display:flex;flex-direction:column;width:100%;max-width:34rem;height:100%;background:#fff;box-shadow:0 0 0 1px #dde3ea}
header{padding:.8rem 1rem;background:#1d2430;color:#fff}header h1{font-size:1.05rem;margin:0}
header p{margin:.1rem 0 0;font-size:.8rem;color:#b7c2cf}
header{position:relative}#forget{position:absolute;top:.7rem;right:.8rem;font:inherit;font-size:.75rem;padding:.15rem .55rem;border:1px solid #b7c2cf;border-radius:10px;background:transparent;color:#fff;cursor:pointer}
ol{list-style:none;margin:0;padding:1rem;flex:1;overflow-y:auto;display:flex;flex-direction:column;gap:.55rem}
.msg{max-width:82%;padding:.5rem .75rem;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}
.msg .who{display:block;font-size:.72rem;color:#5b6675;margin-bottom:.1rem}
.msg.you{align-self:flex-end;background:#1f5fbf;color:#fff;border-bottom-right-radius:3px}.msg.you .who{color:#cfe0fa}
.msg.bot{align-self:flex-start;background:#eef1f5;border-bottom-left-radius:3px}
.msg.staff{align-self:flex-start;background:#dff3e4;border-bottom-left-radius:3px}
.choices{display:flex;flex-wrap:wrap;gap:.35rem;margin-top:.45rem}
.choice{font:inherit;font-size:.88rem;padding:.25rem .7rem;border-radius:14px;border:1px solid #1f5fbf;background:#fff;color:#1f5fbf;cursor:pointer}
.choice:disabled{opacity:.55;cursor:default}.choice.picked{background:#1f5fbf;color:#fff;opacity:1}
form{display:flex;gap:.5rem;padding:.7rem;border-top:1px solid #dde3ea}
textarea{flex:1;font:inherit;resize:none;height:2.6rem;padding:.5rem .6rem;border:1px solid #b9c3cf;border-radius:8px}
#send{font:inherit;padding:0 1.1rem;border:0;border-radius:8px;background:#1f5fbf;color:#fff;cursor:pointer}
#send:disabled{opacity:.6}.status{min-height:1.2rem;margin:0;padding:0 1rem .3rem;font-size:.8rem;color:#5b6675}
.status.error{color:#c62828}
`;
