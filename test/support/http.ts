import request from 'supertest';

type HttpServer = Parameters<typeof request>[0];
type TestAgent = request.Agent;

/** The CSRF token of the first form on a page (`<input type="hidden" name="_csrf" value="...">`). */
export function csrfFrom(html: string): string {
  const match = /<input[^>]*\sname="_csrf"[^>]*\svalue="([^"]*)"/.exec(html) ?? /<input[^>]*\svalue="([^"]*)"[^>]*\sname="_csrf"/.exec(html);
  if (!match || !match[1]) throw new Error('No CSRF token on this page (is it a page with a POST form?)');
  return match[1];
}

/** GETs a page with the agent (keeping its cookies) and returns the CSRF token of its form. */
export async function formToken(agent: TestAgent, path: string): Promise<string> {
  const res = await agent.get(path);
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}, expected 200`);
  return csrfFrom(res.text);
}

/**
 * Logs an agent in through the real staff login form (GET the form for its token, POST it, expect the
 * 303 redirect) and returns the cookie-carrying supertest agent.
 */
export async function loginAgent(http: HttpServer, login: string, password: string, basePath = ''): Promise<TestAgent> {
  const agent = request.agent(http);
  const token = await formToken(agent, `${basePath}/scp/login`);
  const res = await agent.post(`${basePath}/scp/login`).type('form').send({ _csrf: token, username: login, password });
  if (res.status !== 303) throw new Error(`Login as ${login} answered ${res.status}, expected 303`);
  return agent;
}
