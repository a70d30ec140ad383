import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LOSSES } from '../../kernel/registry.js';
import { LossCatalog } from '../schemas/index.js';
import { OPTION_SCHEMAS } from '../schemas/options/index.js';

/** What clients can discover at run time: every loss, its inputs and its options. */
const CATALOG = {
  losses: LOSSES.map((loss) => ({
    name: loss.name,
    module: loss.module,
    inputs: loss.inputs.map(({ name, role }) => ({ name, role })),
    options: Object.keys(OPTION_SCHEMAS[loss.name]!.shape),
  })),
};

const lossesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/losses',
    {
      schema: {
        summary: 'List the supported losses',
        description: 'Every loss POST /loss computes, with its inputs and options; the request schema documents each option.',
        response: { 200: LossCatalog },
      },
    },
    async () => CATALOG,
  );
};

export default lossesRoutes;
