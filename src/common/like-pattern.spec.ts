import { containsPattern, prefixPattern } from './like-pattern';

describe('LIKE patterns', () => {
  it('escape the wildcards and the escape character itself', () => {
    expect(containsPattern('50%_off!')).toBe('%50!%!_off!!%');
    expect(prefixPattern('api_key.')).toBe('api!_key.%');
  });

  it('leave other text alone', () => {
    expect(containsPattern('Jane O\'Neil \\ [x]')).toBe('%Jane O\'Neil \\ [x]%');
  });
});
