// Owns how components reach the simulation and the stage's state: typed context getters, set once by App.svelte.
import { createContext } from 'svelte';
import type { SimulationControl } from '../../contracts/simulation';
import type { Stage } from './stage.svelte';

const [getSimulationContext, setSimulationContext] = createContext<SimulationControl>();
const [getStageContext, setStageContext] = createContext<Stage>();

/** The simulation's control surface (clock, workspaces, personas, devices). Call during component init. */
export function getSimulation(): SimulationControl {
  return getSimulationContext();
}

export function setSimulation(simulation: SimulationControl): SimulationControl {
  return setSimulationContext(simulation);
}

/** The stage: personas, the current persona's browser and inbox, the clock view. Call during component init. */
export function getStage(): Stage {
  return getStageContext();
}

export function setStage(stage: Stage): Stage {
  return setStageContext(stage);
}
