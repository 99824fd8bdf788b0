export * from './kafka';
export * from './wait-for';
export * from './rendered-pdf';
