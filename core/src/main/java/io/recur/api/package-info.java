/**
 * The Java API of Recur: load a saved model directory and use it inside an application.
 *
 * <pre>{@code
 * RecurModel model = RecurModel.load(Path.of("runs/names-strong-…/model"));
 * Prediction.Classification p = (Prediction.Classification) model.predict("Nguyen");
 * System.out.println(p.label() + "\t" + p.probability());
 * }</pre>
 *
 * <ul>
 *   <li>{@link io.recur.api.RecurModel} loads a model (with the plugin jars it needs) and predicts
 *       one item or a batch, from text or from numbers, with typed results ({@link
 *       io.recur.api.Prediction}); it samples text from a language model; it is immutable and
 *       safe to share between threads.
 *   <li>{@link io.recur.api.StreamingSession} feeds a model one token or one time step at a
 *       time, with its recurrent state explicit ({@link io.recur.api.RecurrentState}); a session
 *       belongs to one thread.
 *   <li>{@link io.recur.api.ModelSignature} says what a model takes and gives.
 * </ul>
 *
 * <p>Every line of text is prepared exactly as the model's training data was (stripping,
 * lower-casing, accent folding, maximum length, the {@code <unk>} symbol), by the same code that
 * prepared the training items; {@code recur predict}, {@code recur generate} and {@code recur
 * serve} are written on this package, so what an application gets is what the command line
 * prints.
 *
 * <h2>Stability</h2>
 * This package is Recur's stable API. Within a major version, a minor version may add classes,
 * methods, enum constants, record components at the end and {@link io.recur.api.Prediction} kinds,
 * and may improve messages; it does not remove or change the meaning of what is here, and a
 * saved model keeps loading. Code that switches over {@link io.recur.api.ModelKind} or {@link
 * io.recur.api.Prediction} should have a default branch. Everything outside this package and the
 * plugin SPI ({@code io.recur.spi}) is internal: it may change in any release without notice.
 */
package io.recur.api;
