// The page shown when the task pane is opened outside Excel: what it is and how to add it.
import { t, type Locale, type MessageKey } from '../core/i18n';

export function renderOutsideOffice(root: HTMLElement, locale: Locale): void {
  const m = (key: MessageKey) => t(locale, key);
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };
  document.documentElement.lang = locale === 'zh-CN' ? 'zh-CN' : 'en';
  const steps = el('ol');
  steps.append(el('li', m('outside.web')), el('li', m('outside.desktop')), el('li', m('outside.trust')));
  const links = el('p', undefined, { class: 'links' });
  links.append(el('a', m('outside.manifest'), { href: 'manifest.xml', download: 'manifest.xml', id: 'download-manifest' }), ' · ', el('a', m('outside.help'), { href: 'support.html' }));
  const card = el('section', undefined, { class: 'card', id: 'outside-office' });
  card.append(el('h1', m('outside.title')), el('p', m('outside.intro')), el('h2', m('outside.installHeading')), steps, links);
  root.replaceChildren(card);
}
