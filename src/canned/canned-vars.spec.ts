import { renderCanned } from './canned-render';
import { cannedVarsFor } from './canned-vars';

describe('cannedVarsFor', () => {
  it('fills every variable from the ticket and the replying agent', () => {
    const vars = cannedVarsFor({ number: '100042', subject: 'Printer', user: { name: 'Karen Kline', email: 'karen@example.com' }, department: { name: 'Support' } }, 'John Doe');
    expect(renderCanned('%{user.name} <%{user.email}> #%{ticket.number} %{ticket.subject} / %{department.name} — %{agent.name}', vars))
      .toBe('Karen Kline <karen@example.com> #100042 Printer / Support — John Doe');
  });
});
