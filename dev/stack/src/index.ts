export { startStack, type ExtraGateway, type Stack } from './stack.ts';
export type { StackIdentityOptions, StackOptions } from './options.ts';
export {
  allSimulators,
  demoProductKeys,
  startSimulators,
  type PublishingSimulator,
  type Simulators,
  type SimulatorsSelection,
  type StartSimulatorsOptions,
} from './simulators.ts';
export { createStackGateway, type StackGatewayOptions } from './gateway.ts';
export { startClusterStack, type ClusterStack, type ClusterStackOptions } from './cluster.ts';
