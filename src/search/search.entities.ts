import { SavedQueue } from './saved-queue.entity';

export const SEARCH_ENTITIES = [SavedQueue];
