import { InitialSchema1763900000000 } from './1763900000000-initial-schema';
import { DefaultData1763900000001 } from './1763900000001-default-data';

/** Every migration, in order. Listed by hand so the app, the CLI and the tests run exactly the same set. */
export const MIGRATIONS = [InitialSchema1763900000000, DefaultData1763900000001];
