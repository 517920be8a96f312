#!/usr/bin/env python3
"""Loads logistic-regression model directories with PySpark (local mode) and writes their
predictions on a LIBSVM file's rows as JSON, one object per model directory:
{"MODEL_DIR": {"predictions": [...], "probabilities": [[...], ...], ...}, ...}.

    load-model.py LIBSVM_FILE OUTPUT_JSON mllib=MODEL_DIR|ml=MODEL_DIR[=LIBSVM_FILE] ...

A model given its own LIBSVM file predicts on that file's rows instead. All models load in one
Spark session (local[1], no UI, 512 MiB of driver memory); JAVA_HOME defaults to java's on PATH.

mllib: pyspark.mllib.classification.LogisticRegressionModel.load; the probability of class 1 is
the prediction with the threshold cleared. ml: pyspark.ml.classification.LogisticRegressionModel.load,
then transform: Spark's prediction and probability columns. Rows keep the file's order.
"""
import json
import os
import shutil
import sys


def java_home():
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    java = shutil.which("java")
    if java is None:
        sys.exit("load-model.py: java is not on PATH and JAVA_HOME is not set")
    # /usr/lib/jvm/<jdk>/bin/java -> /usr/lib/jvm/<jdk>
    return os.path.dirname(os.path.dirname(os.path.realpath(java)))


def main():
    models = [arg.split("=", 2) for arg in sys.argv[3:]]
    if len(sys.argv) < 4 or any(len(m) < 2 or m[0] not in ("mllib", "ml") for m in models):
        sys.exit("usage: load-model.py LIBSVM_FILE OUTPUT_JSON mllib=MODEL_DIR|ml=MODEL_DIR[=LIBSVM_FILE] ...")
    libsvm, output = sys.argv[1:3]
    os.environ["JAVA_HOME"] = java_home()
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[1]")
        .appName("sluice-load-model")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "512m")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    result = {}
    try:
        for model in models:
            kind, model_dir = model[0], model[1]
            load = mllib if kind == "mllib" else ml
            result[model_dir] = load(spark, model_dir, model[2] if len(model) == 3 else libsvm)
    finally:
        spark.stop()
    with open(output, "w") as f:
        json.dump(result, f)


def mllib(spark, model_dir, libsvm):
    from pyspark.mllib.classification import LogisticRegressionModel
    from pyspark.mllib.util import MLUtils

    model = LogisticRegressionModel.load(spark.sparkContext, model_dir)
    rows = MLUtils.loadLibSVMFile(spark.sparkContext, libsvm, numFeatures=model.numFeatures, minPartitions=1)
    features = [row.features for row in rows.collect()]
    predictions = [float(model.predict(f)) for f in features]
    model.clearThreshold()
    probabilities = [[1.0 - float(p), float(p)] for p in (model.predict(f) for f in features)]
    return {"predictions": predictions, "probabilities": probabilities,
            "numFeatures": model.numFeatures, "intercept": model.intercept}


def ml(spark, model_dir, libsvm):
    from pyspark.ml.classification import LogisticRegressionModel

    model = LogisticRegressionModel.load(model_dir)
    data = spark.read.format("libsvm").option("numFeatures", str(model.numFeatures)).load(libsvm).coalesce(1)
    out = model.transform(data).select("prediction", "probability").collect()
    return {"predictions": [float(r.prediction) for r in out],
            "probabilities": [[float(p) for p in r.probability.toArray()] for r in out],
            "numFeatures": model.numFeatures, "numClasses": model.numClasses}


if __name__ == "__main__":
    main()
