import { renderTemplate } from './template-render';

describe('renderTemplate', () => {
  const tpl = { subject: '[#%{ticket.number}] %{ticket.subject}', text: 'Hi %{user.name}, %{unknown.var} {{user.name}}', html: '<p>Hi %{user.name}</p><p>%{message}</p>' };

  it('substitutes known variables, leaves unknown ones visible, and never compiles anything', () => {
    const out = renderTemplate(tpl, { 'ticket.number': '123456', 'ticket.subject': 'Printer\r\nBcc: x@evil', 'user.name': 'Karen {{agent.name}}', message: 'a\nb' });
    expect(out.subject).toBe('[#123456] Printer Bcc: x@evil');
    expect(out.text).toBe('Hi Karen {{agent.name}}, %{unknown.var} {{user.name}}');
    expect(out.html).toBe('<p>Hi Karen {{agent.name}}</p><p>a<br />b</p>');
  });

  it('escapes values in HTML and strips what the allowlist does not keep', () => {
    const out = renderTemplate({ subject: '', text: '', html: '<p onclick="x()">%{user.name}</p><script>alert(1)</script><a href="javascript:x()">l</a><a href="%{url}">ok</a>' }, {
      'user.name': '<img src=x onerror=alert(1)>', url: 'https://help.example.com/t?a=1&b="2"',
    });
    expect(out.html).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p><a>l</a><a href="https://help.example.com/t?a=1&amp;b=&quot;2&quot;">ok</a>');
  });
});
