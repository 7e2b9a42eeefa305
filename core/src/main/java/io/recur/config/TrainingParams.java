package io.recur.config;

import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/** The declared keys of the {@code training:} section. */
public final class TrainingParams {
  private TrainingParams() {}

  public static final ParamSpec<Integer> EPOCHS =
      ParamSpec.ofInt("epochs").min(1).byDefault(10).doc("passes over the training split");
  public static final ParamSpec<Integer> BATCH_SIZE = ParamSpec.ofInt("batch_size").min(0).byDefault(32)
      .doc("samples per gradient step; 0 takes the whole training split as one batch");
  public static final ParamSpec<Boolean> SHUFFLE =
      ParamSpec.ofBoolean("shuffle").byDefault(true).doc("reshuffle the training split every epoch (seeded)");
  public static final ParamSpec<Double> CLIP_NORM = ParamSpec.ofDouble("clip_norm").above(0).optional()
      .doc("rescale gradients so their global L2 norm is at most this; unset: no clipping");
  public static final ParamSpec<Integer> THREADS = ParamSpec.ofInt("threads").min(1).byDefault(1)
      .doc("compute threads; results are identical for any value");

  public static final ParamSpec<Boolean> CARRY_STATE = ParamSpec.ofBoolean("carry_state").optional()
      .doc("true: truncated back-propagation through time: lay consecutive windows out as batch_size streams and start"
          + " each batch's recurrent layers from the states the previous batch ended in (needs shuffle: false and a"
          + " dataset of back-to-back windows, such as text in corpus mode); unset: false");
  public static final ParamSpec<Boolean> EVALUATE_TRAIN = ParamSpec.ofBoolean("evaluate_train").optional()
      .doc("false: skip the train.* metrics at the end of every epoch, a forward over the whole training split"
          + " (a quarter of an epoch's time for a large corpus); unset: true");
  /** The value of {@link #EVALUATE_TEST} that scores the test split after every epoch. */
  public static final String EVERY_EPOCH = "every_epoch";
  public static final ParamSpec<String> EVALUATE_TEST = ParamSpec.ofChoice("evaluate_test", "end", EVERY_EPOCH)
      .optional().doc("end: score the test split once, after training, with the weights model/ holds (the best"
          + " epoch's with early stopping), so nothing chosen during training has seen test data; every_epoch: also"
          + " after every epoch, as test.* columns (early stopping and lr_schedule may then monitor them); unset: end");
  public static final ParamSpec<String> EVALUATION = ParamSpec.ofChoice("evaluation", "windows", "stream").optional()
      .doc("windows: score every sample from the initial state; stream: score a corpus of back-to-back windows as"
          + " one stream, the state carried from window to window, so every character has its whole left context"
          + " (the standard language-model number); unset: windows");
  public static final ParamSpec<Params> ADAPTATION = ParamSpec.ofSection("adaptation", AdaptationParams.all())
      .optional().doc("also score the test text as a stream that keeps learning from the text it has scored (dynamic"
          + " evaluation, test.adapted.* beside test.*; needs evaluation: stream); unset: the trained weights only");
  public static final ParamSpec<Integer> CHECKPOINT_EVERY_STEPS = ParamSpec.ofInt("checkpoint_every_steps").min(0)
      .byDefault(0).doc("also write a checkpoint every this many training steps; 0: only at the end of each epoch");
  public static final ParamSpec<Params> EARLY_STOPPING = ParamSpec.ofSection("early_stopping", EarlyStoppingParams.all())
      .optional().doc("stop when a metric stops improving and keep the best epoch in model/; unset: train every epoch");
  public static final ParamSpec<Params> LR_SCHEDULE = LrScheduleParams.section("lr_schedule")
      .optional().doc("how the learning rate changes from epoch to epoch; unset: constant");

  public static final ParamSpec<String> DIVERGENCE = ParamSpec.ofChoice("divergence", "stop", "warn").optional()
      .doc("a run that blows up while staying finite (the loss pinned at its clamp or 1000 times its first value,"
          + " a weight beyond ±1e5): stop stops it as diverged (exit 2), warn warns and goes on; unset: stop");

  public static final ParamSpec<String> INIT_FROM = ParamSpec.ofString("init_from").optional()
      .doc("a saved model directory (a run's model/, relative to the experiment file's folder) whose weights"
          + " initialise every parameter of the same name and shape, after the fresh initialisation; unset: fresh"
          + " weights only");
  public static final ParamSpec<Boolean> INIT_FROM_STRICT = ParamSpec.ofBoolean("init_from_strict").optional()
      .doc("false: with init_from, initialise the parameters that match and keep the others fresh (named on the"
          + " console); unset: true, a parameter without a match is an error");

  public static List<ParamSpec<?>> all() {
    return List.of(EPOCHS, BATCH_SIZE, SHUFFLE, CLIP_NORM, THREADS, CARRY_STATE, EVALUATE_TRAIN, EVALUATE_TEST, EVALUATION,
        ADAPTATION, CHECKPOINT_EVERY_STEPS, EARLY_STOPPING, LR_SCHEDULE, DIVERGENCE, INIT_FROM, INIT_FROM_STRICT);
  }
}
