/** The JSON Schema files published in schemas/, by file name. */
import { CalibrationConfigSchema, CalibrationFileSchema } from './calibration.ts';
import { GatesSchema } from './gates.ts';
import { LangPackSchema } from './lang.ts';
import { ItemListSchema, ItemTextsSchema, TaskSpecSchema } from './task.ts';

export const SCHEMA_FILES: Record<string, object> = {
  'task.schema.json': { $schema: 'http://json-schema.org/draft-07/schema#', ...TaskSpecSchema },
  'items.schema.json': { $schema: 'http://json-schema.org/draft-07/schema#', ...ItemListSchema },
  'texts.schema.json': { $schema: 'http://json-schema.org/draft-07/schema#', ...ItemTextsSchema },
  'lang.schema.json': { $schema: 'http://json-schema.org/draft-07/schema#', ...LangPackSchema },
  'gates.schema.json': { $schema: 'http://json-schema.org/draft-07/schema#', ...GatesSchema },
  'calibration.schema.json': { $schema: 'http://json-schema.org/draft-07/schema#', ...CalibrationFileSchema },
  'calibration-config.schema.json': { $schema: 'http://json-schema.org/draft-07/schema#', ...CalibrationConfigSchema },
};
