-- knotmap schema, version 2: the pressure pain threshold an algometer
-- measures, in kg/cm2, for the readings of those who use one.
ALTER TABLE readings ADD COLUMN ppt_kg_cm2 REAL
    CHECK (ppt_kg_cm2 IS NULL OR ppt_kg_cm2 BETWEEN 0 AND 20);
