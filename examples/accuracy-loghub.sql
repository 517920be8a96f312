-- The reference query over a Sluice log store into SQLite: seed.sql with an SQLite sink and the
-- source reading from the oldest log, so logs written before the query starts are read too.
-- Variables: logProjectName logStoreName accessKeyId accessKeySecret endpoint resultDb
--            checkpointDir LR_model_path
CREATE TABLE IF NOT EXISTS sls_dataset
USING loghub
OPTIONS (
sls.project = "${logProjectName}",
sls.store = "${logStoreName}",
access.key.id = "${accessKeyId}",
access.key.secret = "${accessKeySecret}",
endpoint = "${endpoint}",
startingoffsets = "earliest",
maxOffsetsPerTrigger = "1000");

DESC sls_dataset;

CREATE TABLE IF NOT EXISTS rds_result
USING jdbc2
OPTIONS (
url = "jdbc:sqlite:${resultDb}",
dbtable = "lr_accuracy",
batchsize = "100",
isolationLevel = "READ_COMMITTED");

CREATE FUNCTION IF NOT EXISTS Logistic_Regression AS 'org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF';

SET streaming.query.name=lr_prediction;
SET spark.sql.streaming.checkpointLocation.lr_prediction=${checkpointDir};
SET spark.sql.streaming.query.outputMode.lr_prediction=update;

INSERT INTO
rds_result
SELECT
window.start AS time,
label,
sum(if(tb.predict = tb.label, 1, 0)) / count(tb.label) as acc
FROM(
SELECT
default.Logistic_Regression("${LR_model_path}", concat_ws(" ", label, features)) as predict,
label,
__time__ as time
FROM sls_dataset) tb
GROUP BY TUMBLING(tb.time, interval 10 second), tb.label;
