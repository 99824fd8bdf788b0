import { parseDecimal } from '@rre/quantities';
import { batchTotals, performanceOf, sumTotals, theoreticalYieldGPerAh } from './batch-performance';
import type { EnergySettings } from './energy-settings';
import { FARADAY_C_PER_MOL, molarMassGPerMol } from './faraday';

const settings: EnergySettings = {
  gridKgCo2PerKwh: '0.45',
  cellHeatingKw: '0.5',
  baseline: { temperatureCelsius: '1450', kwhPerKg: '10.4', co2KgPerKg: '4.68' },
};

describe('Faraday, energy and carbon of an electrolysis batch', () => {
  it('states its constants: F = 96485.33212 C/mol, M(Tb) = 158.925354 and M(Dy) = 162.5 g/mol', () => {
    expect(FARADAY_C_PER_MOL).toBe('96485.33212');
    expect(molarMassGPerMol('Tb').toString()).toBe('158.925354');
    expect(molarMassGPerMol('Dy').toString()).toBe('162.5');
    // M x 3600 / (3 x F): the 1.977 g/Ah for Tb and 2.021 g/Ah for Dy.
    expect(theoreticalYieldGPerAh('Tb')).toBe('1.976574');
    expect(theoreticalYieldGPerAh('Dy')).toBe('2.021033');
  });

  it('100 A for 10 h onto Tb yielding 1.60 kg at 5.0 V: 80.9 % current efficiency, 6.25 kWh/kg, 2.8125 kg CO2/kg', () => {
    const totals = batchTotals(
      {
        targetElement: 'Tb',
        metalKg: parseDecimal('1.6'),
        chargeCoulombs: parseDecimal('3600000'), // 100 A x 36,000 s
        dcEnergyJoules: parseDecimal('18000000'), // 5 V x 100 A x 36,000 s
        durationSeconds: parseDecimal('36000'),
        heatingKw: parseDecimal('0.5'),
      },
      settings,
    );
    const figures = performanceOf(totals, settings);
    expect(figures).toEqual({
      metalKg: '1.6',
      chargeAh: '1000',
      // 1000 Ah x 1.976574 g/Ah
      theoreticalMetalKg: '1.976574',
      // 1.600 / 1.976574 = 80.948 % (1.600 / (100 x 10 x 1.977 g/Ah) = 80.93 % with the rounded g/Ah)
      currentEfficiencyPercent: '80.948135',
      dcEnergyKwh: '5',
      heatingEnergyKwh: '5', // 0.5 kW x 10 h
      totalEnergyKwh: '10',
      dcKwhPerKg: '3.125', // 5 kWh / 1.6 kg = U x 3 x 26.80 / (M x eta) of the domain primer
      totalKwhPerKg: '6.25',
      co2Kg: '4.5', // 10 kWh x 0.45 kg/kWh
      co2KgPerKg: '2.8125',
      baseline: settings.baseline,
      energySavingKwhPerKg: '4.15', // 10.4 - 6.25
      energySavingPercent: '39.903846', // 4.15 / 10.4
      co2SavingKgPerKg: '1.8675', // 4.68 - 2.8125
      co2SavingKg: '2.988', // 1.6 x 4.68 - 4.5
    });
  });

  it('a period adds the exact totals before dividing: efficiency is metal over theoretical metal of all batches', () => {
    const one = batchTotals(
      {
        targetElement: 'Tb',
        metalKg: parseDecimal('1.6'),
        chargeCoulombs: parseDecimal('3600000'),
        dcEnergyJoules: parseDecimal('18000000'),
        durationSeconds: parseDecimal('36000'),
        heatingKw: parseDecimal('0.5'),
      },
      settings,
    );
    const two = batchTotals(
      {
        targetElement: 'Tb',
        metalKg: parseDecimal('0.8'),
        chargeCoulombs: parseDecimal('1800000'),
        dcEnergyJoules: parseDecimal('9000000'),
        durationSeconds: parseDecimal('18000'),
        heatingKw: parseDecimal('0.5'),
      },
      settings,
    );
    const period = performanceOf(sumTotals([one, two]), settings);
    expect([period.metalKg, period.chargeAh, period.currentEfficiencyPercent, period.totalKwhPerKg]).toEqual([
      '2.4',
      '1500',
      '80.948135',
      '6.25',
    ]);
  });

  it('a batch without metal has no per-kg figure and loses its whole CO2 against the baseline', () => {
    const figures = performanceOf(
      batchTotals(
        {
          targetElement: 'Dy',
          metalKg: parseDecimal('0'),
          chargeCoulombs: parseDecimal('0'),
          dcEnergyJoules: parseDecimal('0'),
          durationSeconds: parseDecimal('3600'),
          heatingKw: parseDecimal('1'),
        },
        settings,
      ),
      settings,
    );
    expect(figures.currentEfficiencyPercent).toBeUndefined();
    expect(figures.totalKwhPerKg).toBeUndefined();
    expect(figures.co2SavingKg).toBe('-0.45');
  });
});
