import { useCatalog } from '../api/catalog-context';
import { useOpsQuery } from '../api/use-ops-query';

/**
 * A broken config file is easy to miss (the app still starts, without its backends or without
 * the ones it could not read), so it is said at the top of every screen, in the core's own
 * paragraph: file, line, field, expectation.
 */
export function ConfigFileBanner() {
  const { version } = useCatalog();
  const list = useOpsQuery(`backends-list|${version}`, (c) => c.request('backends.list', {}));
  const config = list.data?.configFile;
  if (config?.state !== 'invalid' && config?.state !== 'partial') return null;
  return (
    <div className="config-banner" role="alert" data-testid="config-file-banner">
      <strong>{config.state === 'invalid' ? 'Config file not used.' : 'Part of the config file not used.'}</strong> {config.error ?? `${config.path} could not be read.`}
    </div>
  );
}
