import { BatchDeployment, type Deployment } from '../deployment.js';
import { HttpProblem, modelNotFound } from './respond.js';

/** The embedding or rerank deployment a request names, or the HTTP error the client should get. */
export function batchDeploymentOf(
  body: Record<string, unknown>,
  deployments: Map<string, Deployment>,
  kind: 'embed' | 'rerank',
): BatchDeployment {
  const deployment = deployments.get(String(body.model));
  if (!deployment) throw modelNotFound(body.model);
  if (!(deployment instanceof BatchDeployment) || deployment.kind !== kind) {
    throw new HttpProblem(
      400,
      `model ${String(body.model)} is not ${kind === 'embed' ? 'an embedding' : 'a rerank'} model`,
    );
  }
  return deployment;
}
