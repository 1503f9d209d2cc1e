import 'reflect-metadata';

/*
 * Department and Staff point at each other (a department's manager, an agent's department). Whichever
 * file loads first must not need the other's class while it is still being defined, or loading fails
 * with "Cannot access 'Department' before initialization".
 */
describe('the department and staff entities', () => {
  it.each([
    ['department.entity first', ['./department.entity', '../staff/staff.entity']],
    ['staff.entity first', ['../staff/staff.entity', './department.entity']],
  ])('load in a fresh module registry, %s', (_order, files) => {
    jest.isolateModules(() => {
      // A plain require: the order of loading is the point, and isolateModules is synchronous.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      for (const file of files) expect(() => require(file)).not.toThrow();
    });
  });
});
