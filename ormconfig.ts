import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { configFromEnvironment } from './src/config/environment';
import { dataSourceOptions } from './src/database/data-source-options';

/** The DataSource the TypeORM CLI uses: `npm run migration:run` (same options as the app). */
export default new DataSource(dataSourceOptions(configFromEnvironment()));
