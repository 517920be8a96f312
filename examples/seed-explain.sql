-- The reference workload: streaming logistic-regression accuracy per 10-second window.
-- Variables: logProjectName logStoreName accessKeyId accessKeySecret endpoint
--            rdsUrl rdsTableName user password udf_jar_path LR_model_path
CREATE DATABASE IF NOT EXISTS default;
USE default;

-- source: an SLS-compatible log store
CREATE TABLE IF NOT EXISTS sls_dataset
USING loghub
OPTIONS (
sls.project = "${logProjectName}",
sls.store = "${logStoreName}",
access.key.id = "${accessKeyId}",
access.key.secret = "${accessKeySecret}",
endpoint = "${endpoint}");

DESC sls_dataset;

-- sink: a table in a SQL database
CREATE TABLE IF NOT EXISTS rds_result
USING jdbc2
OPTIONS (
url="${rdsUrl}",
driver="com.mysql.jdbc.Driver",
dbtable="${rdsTableName}",
user="${user}",
password="${password}",
batchsize="100",
isolationLevel="NONE");

DESC rds_result;

CREATE FUNCTION Logistic_Regression AS 'org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF' USING JAR '${udf_jar_path}';

SET streaming.query.name=lr_prediction;
SET spark.sql.streaming.checkpointLocation.lr_prediction=${checkpointDir};
SET spark.sql.streaming.query.outputMode.lr_prediction=update;
SET streaming.query.lr_prediction.sql=insert into `${rdsTableName}`(`time`, `label`, `acc`) values(?, ?, ?);

EXPLAIN INSERT INTO
rds_result
SELECT
window.start,
label,
sum(if(tb.predict = tb.label, 1, 0)) / count(tb.label) as acc
FROM(
SELECT
default.Logistic_Regression("${LR_model_path}", concat_ws(" ", label, features)) as predict,
label,
__time__ as time
FROM sls_dataset) tb
GROUP BY TUMBLING(tb.time, interval 10 second), tb.label;
