/** The conventional route each batch is compared with: calcium-thermal reduction. */
export interface CalciumThermalBaseline {
  readonly temperatureCelsius: string;
  /** Energy per kg of metal, kWh/kg. */
  readonly kwhPerKg: string;
  /** CO2 per kg of metal, kg/kg. */
  readonly co2KgPerKg: string;
}

/** The figures a deployment configures for energy and carbon (decimal strings). */
export interface EnergySettings {
  /** kg CO2 per kWh of grid electricity. */
  readonly gridKgCo2PerKwh: string;
  /** Heating power of a cell while it runs, kW, unless the batch states its own. */
  readonly cellHeatingKw: string;
  readonly baseline: CalciumThermalBaseline;
}
