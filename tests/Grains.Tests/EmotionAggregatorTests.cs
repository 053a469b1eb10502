using EmoteCare.Grains.Aggregation;
using EmoteCare.Grains.Interfaces;
using static EmoteCare.Grains.Tests.Frames;

namespace EmoteCare.Grains.Tests;

public sealed class EmotionAggregatorTests
{
    private const float Tolerance = 1e-5f;

    private static EmotionAggregator NewAggregator(EmotionAggregatorOptions? options = null) => new(new AggregateState(), options ?? new EmotionAggregatorOptions());

    private static void AddAll(EmotionAggregator aggregator, IEnumerable<FrameObservation> frames)
    {
        foreach (var frame in frames)
        {
            Assert.NotEqual(FrameVerdict.Rejected, aggregator.Add(frame));
        }
    }

    [Fact]
    public void Smoothed_scores_approach_a_new_expression_by_one_minus_exp_of_elapsed_time_over_tau()
    {
        var aggregator = NewAggregator();
        aggregator.Add(Face(1, T0, Pure(Emotion.Neutral)));

        aggregator.Add(Face(2, T0.AddSeconds(1.5), Pure(Emotion.Happy)));
        var afterHalfTau = aggregator.ToReading()!.Smoothed!;
        aggregator.Add(Face(3, T0.AddSeconds(3), Pure(Emotion.Happy)));
        var afterTau = aggregator.ToReading()!.Smoothed!;

        Assert.Equal(1f, aggregator.State.Ema.Sum(), Tolerance);
        Assert.Equal(1 - MathF.Exp(-0.5f), afterHalfTau[(int)Emotion.Happy], Tolerance);
        Assert.Equal(MathF.Exp(-0.5f), afterHalfTau[(int)Emotion.Neutral], Tolerance);
        Assert.Equal(1 - MathF.Exp(-1f), afterTau[(int)Emotion.Happy], Tolerance);
    }

    [Fact]
    public void Smoothing_is_independent_of_the_frame_rate()
    {
        var slow = NewAggregator();
        var fast = NewAggregator();
        slow.Add(Face(0, T0, Pure(Emotion.Neutral)));
        fast.Add(Face(0, T0, Pure(Emotion.Neutral)));

        AddAll(slow, Stream(Emotion.Happy, T0.AddMilliseconds(200), TimeSpan.FromMilliseconds(200), 15, 1));
        AddAll(fast, Stream(Emotion.Happy, T0.AddMilliseconds(40), TimeSpan.FromMilliseconds(40), 75, 1));

        var expected = 1 - MathF.Exp(-1f);
        Assert.Equal(expected, slow.State.Ema[(int)Emotion.Happy], 1e-4f);
        Assert.Equal(expected, fast.State.Ema[(int)Emotion.Happy], 1e-4f);
    }

    [Fact]
    public void Distribution_dominant_emotion_confidence_and_face_share_come_from_face_frames()
    {
        var aggregator = NewAggregator();
        aggregator.Add(Face(1, T0, [0.1f, 0f, 0f, 0.6f, 0.3f, 0f, 0f], confidence: 0.6f));
        aggregator.Add(NoFace(2, T0.AddSeconds(0.1)));
        aggregator.Add(Face(3, T0.AddSeconds(0.2), [0.1f, 0f, 0f, 0.2f, 0.7f, 0f, 0f], confidence: 0.7f));
        aggregator.Add(Face(4, T0.AddSeconds(0.3), [0.1f, 0f, 0f, 0.1f, 0.8f, 0f, 0f], confidence: 0.8f));

        var aggregate = aggregator.ToAggregate();

        Assert.Equal((4L, 3L, 0L), (aggregate.Frames, aggregate.FaceFrames, aggregate.RejectedFrames));
        Assert.Equal(0.75f, aggregate.FacePresentShare, Tolerance);
        Assert.Equal(0.7f, aggregate.MeanConfidence, Tolerance);
        Assert.Equal(0.1f, aggregate.MeanDistribution[(int)Emotion.Angry], Tolerance);
        Assert.Equal(0.3f, aggregate.MeanDistribution[(int)Emotion.Happy], Tolerance);
        Assert.Equal(0.6f, aggregate.MeanDistribution[(int)Emotion.Sad], Tolerance);
        Assert.Equal(Emotion.Sad, aggregate.Dominant);
        Assert.True(aggregator.ToReading()!.FacePresent);
    }

    [Fact]
    public void A_frame_without_a_face_keeps_the_smoothed_scores_and_reports_no_face()
    {
        var aggregator = NewAggregator();
        aggregator.Add(Face(1, T0, Pure(Emotion.Happy)));

        aggregator.Add(NoFace(2, T0.AddSeconds(1)));

        var reading = aggregator.ToReading()!;
        Assert.False(reading.FacePresent);
        Assert.Equal(T0.AddSeconds(1), reading.At);
        Assert.Equal(Emotion.Happy, reading.Dominant);
        Assert.Equal(1f, reading.Smoothed![(int)Emotion.Happy]);
    }

    [Fact]
    public void Pure_happy_sits_at_positive_valence_and_pure_sad_at_negative_valence_and_arousal()
    {
        var happy = NewAggregator();
        var sad = NewAggregator();
        happy.Add(Face(1, T0, Pure(Emotion.Happy)));
        sad.Add(Face(1, T0, Pure(Emotion.Sad)));

        var happyAggregate = happy.ToAggregate();
        var sadReading = sad.ToReading()!;

        Assert.True(happyAggregate.Valence > 0.5f, $"happy valence {happyAggregate.Valence}");
        Assert.True(happyAggregate.Arousal > 0f, $"happy arousal {happyAggregate.Arousal}");
        Assert.True(sadReading.Valence < -0.5f, $"sad valence {sadReading.Valence}");
        Assert.True(sadReading.Arousal < 0f, $"sad arousal {sadReading.Arousal}");
        Assert.Equal(happy.ToReading()!.Valence, happyAggregate.Valence);
    }

    [Fact]
    public void Timeline_buckets_split_at_five_second_boundaries()
    {
        var aggregator = NewAggregator();
        aggregator.Add(Face(1, T0, Pure(Emotion.Happy)));
        aggregator.Add(Face(2, T0.AddSeconds(4.999), Pure(Emotion.Happy)));
        aggregator.Add(Face(3, T0.AddSeconds(5), Pure(Emotion.Sad)));
        aggregator.Add(NoFace(4, T0.AddSeconds(9.999)));
        aggregator.Add(Face(5, T0.AddSeconds(10), Pure(Emotion.Sad)));

        var timeline = aggregator.RecentTimeline(10);

        Assert.Equal([T0, T0.AddSeconds(5), T0.AddSeconds(10)], timeline.Select(b => b.Start));
        Assert.All(timeline, b => Assert.Equal(TimeSpan.FromSeconds(5), b.End - b.Start));
        Assert.Equal([(2, 2), (2, 1), (1, 1)], timeline.Select(b => (b.Frames, b.FaceFrames)));
        Assert.Equal(1f, timeline[0].MeanDistribution[(int)Emotion.Happy]);
        Assert.Equal(1f, timeline[1].MeanDistribution[(int)Emotion.Sad]);
        Assert.Equal([T0.AddSeconds(10)], aggregator.RecentTimeline(1).Select(b => b.Start));
    }

    [Fact]
    public void A_timeline_at_its_bound_doubles_its_bucket_length_and_keeps_every_frame()
    {
        var aggregator = NewAggregator(new EmotionAggregatorOptions { MaxBuckets = 4 });

        AddAll(aggregator, Stream(Emotion.Happy, T0, TimeSpan.FromSeconds(5), 6, 1));

        var timeline = aggregator.RecentTimeline(100);
        Assert.Equal([T0, T0.AddSeconds(10), T0.AddSeconds(20)], timeline.Select(b => b.Start));
        Assert.All(timeline, b => Assert.Equal(TimeSpan.FromSeconds(10), b.End - b.Start));
        Assert.Equal(6, timeline.Sum(b => b.Frames));
    }

    [Fact]
    public void Condensed_timeline_has_at_most_the_requested_buckets_and_covers_the_session()
    {
        var aggregator = NewAggregator();
        AddAll(aggregator, Stream(Emotion.Happy, T0, TimeSpan.FromSeconds(1), 600, 1));

        var condensed = aggregator.CondensedTimeline(60);

        Assert.InRange(condensed.Count, 30, 60);
        Assert.Equal(T0, condensed[0].Start);
        Assert.Equal(600, condensed.Sum(b => b.Frames));
        Assert.Equal(120, aggregator.RecentTimeline(1000).Count);
    }

    [Fact]
    public void Sustained_negative_affect_raises_a_notable_moment_after_ten_seconds_and_not_before()
    {
        var aggregator = NewAggregator();
        AddAll(aggregator, Stream(Emotion.Sad, T0, TimeSpan.FromMilliseconds(100), 100, 1));
        Assert.Empty(aggregator.State.Moments);

        aggregator.Add(Face(101, T0.AddSeconds(10), Pure(Emotion.Sad)));

        var moment = Assert.Single(aggregator.State.Moments);
        Assert.Equal(NotableMomentKind.SustainedNegativeAffect, moment.Kind);
        Assert.Equal(T0, moment.StartedAt);
        Assert.Null(moment.EndedAt);
        Assert.Equal(1f, moment.Intensity, Tolerance);
        Assert.Contains("negative", moment.Description, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_sustained_negative_moment_ends_once_negative_expressions_fade()
    {
        var aggregator = NewAggregator();
        AddAll(aggregator, Stream(Emotion.Sad, T0, TimeSpan.FromMilliseconds(100), 120, 1));

        AddAll(aggregator, Stream(Emotion.Happy, T0.AddSeconds(12), TimeSpan.FromMilliseconds(100), 50, 121));

        var moment = Assert.Single(aggregator.State.Moments, m => m.Kind == NotableMomentKind.SustainedNegativeAffect);
        Assert.NotNull(moment.EndedAt);
        Assert.Contains("for 14 s", moment.Description, StringComparison.Ordinal);

        // Falls below the 0.5 release threshold after τ·ln 2 ≈ 2.08 s of happy frames.
        Assert.InRange(moment.EndedAt.Value - T0.AddSeconds(12), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.2));
    }

    [Fact]
    public void Negative_affect_interrupted_by_a_long_absence_of_the_face_starts_counting_again()
    {
        var aggregator = NewAggregator();
        AddAll(aggregator, Stream(Emotion.Sad, T0, TimeSpan.FromMilliseconds(100), 60, 1));

        AddAll(aggregator, Stream(Emotion.Sad, T0.AddSeconds(10), TimeSpan.FromMilliseconds(100), 100, 61));

        Assert.Empty(aggregator.State.Moments);
        aggregator.Add(Face(161, T0.AddSeconds(20), Pure(Emotion.Sad)));
        Assert.Equal(T0.AddSeconds(10), Assert.Single(aggregator.State.Moments).StartedAt);
    }

    [Fact]
    public void A_fast_change_of_dominant_expression_is_a_sharp_shift()
    {
        var aggregator = NewAggregator();
        AddAll(aggregator, Stream(Emotion.Happy, T0, TimeSpan.FromMilliseconds(100), 50, 1));

        AddAll(aggregator, Stream(Emotion.Sad, T0.AddSeconds(5), TimeSpan.FromMilliseconds(100), 50, 51));

        var shift = Assert.Single(aggregator.State.Moments);
        Assert.Equal(NotableMomentKind.SharpShift, shift.Kind);
        Assert.Contains("from Happy to Sad", shift.Description, StringComparison.Ordinal);
        Assert.InRange(shift.EndedAt!.Value - T0.AddSeconds(5), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        Assert.InRange(shift.EndedAt.Value - shift.StartedAt, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        Assert.True(shift.Intensity >= 0.4f, $"intensity {shift.Intensity}");
    }

    [Fact]
    public void A_gradual_drift_is_not_a_sharp_shift()
    {
        var aggregator = NewAggregator();
        for (var i = 0; i <= 300; i++)
        {
            aggregator.Add(Face(i + 1, T0.AddSeconds(i * 0.1), Blend(Emotion.Happy, Emotion.Sad, i / 300f)));
        }

        Assert.Equal(Emotion.Sad, aggregator.ToReading()!.Dominant);
        Assert.DoesNotContain(aggregator.State.Moments, m => m.Kind == NotableMomentKind.SharpShift);
    }

    public static TheoryData<string, FrameObservation> MalformedFrames => new()
    {
        { "six probabilities", Face(1, T0, [0.5f, 0.5f, 0f, 0f, 0f, 0f]) },
        { "NaN probability", Face(1, T0, [float.NaN, 0f, 0f, 1f, 0f, 0f, 0f]) },
        { "negative probability", Face(1, T0, [-0.1f, 0f, 0f, 1.1f, 0f, 0f, 0f]) },
        { "logits, not probabilities", Face(1, T0, [2f, 0.5f, 0f, 3f, 0f, 0f, 0f]) },
        { "face without probabilities", new FrameObservation(1, T0, true, null, 0.9f, FrameQuality.None) },
        { "confidence above one", Face(1, T0, Pure(Emotion.Happy), confidence: 1.5f) },
        { "NaN confidence", Face(1, T0, Pure(Emotion.Happy), confidence: float.NaN) },
        { "rejected by the pipeline", new FrameObservation(1, T0, true, Pure(Emotion.Happy), 0.9f, FrameQuality.LowConfidence | FrameQuality.Rejected) },
    };

    [Theory]
    [MemberData(nameof(MalformedFrames))]
    public void A_malformed_frame_is_rejected_and_counted(string why, FrameObservation frame)
    {
        var aggregator = NewAggregator();

        Assert.True(aggregator.Add(frame) == FrameVerdict.Rejected, why);

        var aggregate = aggregator.ToAggregate();
        Assert.Equal((0L, 1L), (aggregate.Frames, aggregate.RejectedFrames));
        Assert.Null(aggregator.ToReading());
    }

    [Fact]
    public void Frames_whose_sequence_goes_backwards_within_their_stream_are_rejected()
    {
        var aggregator = NewAggregator();
        aggregator.Add(Face(5, T0.AddSeconds(1), Pure(Emotion.Happy)));

        Assert.Equal(FrameVerdict.Rejected, aggregator.Add(Face(5, T0.AddSeconds(2), Pure(Emotion.Sad))));
        Assert.Equal(FrameVerdict.Rejected, aggregator.Add(Face(4, T0.AddSeconds(2), Pure(Emotion.Sad))));
        Assert.Equal(FrameVerdict.Face, aggregator.Add(Face(6, T0.AddSeconds(2), Pure(Emotion.Sad))));
        Assert.Equal(2, aggregator.ToAggregate().RejectedFrames);
    }

    [Fact]
    public void A_new_stream_numbers_its_frames_afresh_and_the_old_streams_late_frames_are_rejected()
    {
        var aggregator = NewAggregator();
        var first = aggregator.OpenStream();
        aggregator.Add(Face(40, T0.AddSeconds(1), Pure(Emotion.Happy)) with { Epoch = first });

        // A reloaded page: a new stream whose counter starts again.
        var reloaded = aggregator.OpenStream();
        var lateFromOldPage = aggregator.Add(Face(41, T0.AddSeconds(2), Pure(Emotion.Happy)) with { Epoch = first });
        var restarted = aggregator.Add(Face(1, T0.AddSeconds(3), Pure(Emotion.Sad)) with { Epoch = reloaded });
        var repeated = aggregator.Add(Face(1, T0.AddSeconds(4), Pure(Emotion.Sad)) with { Epoch = reloaded });
        var next = aggregator.Add(Face(2, T0.AddSeconds(4), Pure(Emotion.Sad)) with { Epoch = reloaded });

        Assert.True(reloaded > first);
        Assert.Equal((FrameVerdict.Rejected, FrameVerdict.Face, FrameVerdict.Rejected, FrameVerdict.Face), (lateFromOldPage, restarted, repeated, next));
        Assert.Equal((3L, 2L), (aggregator.ToAggregate().Frames, aggregator.ToAggregate().RejectedFrames));
        Assert.Equal(T0.AddSeconds(4), aggregator.ToReading()!.At);
    }

    [Fact]
    public void An_opened_stream_supersedes_the_older_ones_before_its_first_frame()
    {
        var aggregator = NewAggregator();
        var old = aggregator.OpenStream();
        aggregator.Add(Face(1, T0, Pure(Emotion.Happy)) with { Epoch = old });

        var opened = aggregator.OpenStream();

        Assert.Equal(FrameVerdict.Rejected, aggregator.Add(Face(2, T0.AddSeconds(1), Pure(Emotion.Happy)) with { Epoch = old }));
        Assert.Equal(FrameVerdict.Face, aggregator.Add(Face(1, T0.AddSeconds(1), Pure(Emotion.Happy)) with { Epoch = opened }));
    }

    [Fact]
    public void Streams_opened_after_frames_of_unopened_streams_still_come_later()
    {
        var aggregator = NewAggregator();
        aggregator.Add(Face(1, T0, Pure(Emotion.Happy)) with { Epoch = 9 });

        var opened = aggregator.OpenStream();

        Assert.True(opened > 9, $"epoch {opened}");
        Assert.Equal(FrameVerdict.Face, aggregator.Add(Face(1, T0.AddSeconds(1), Pure(Emotion.Happy)) with { Epoch = opened }));
    }

    [Fact]
    public void A_capture_time_before_the_last_counts_as_the_last_so_a_clock_step_back_blocks_nothing()
    {
        var aggregator = NewAggregator();
        aggregator.Add(Face(1, T0.AddSeconds(10), Pure(Emotion.Happy)));

        var steppedBack = aggregator.Add(Face(2, T0.AddSeconds(4), Pure(Emotion.Happy)));
        var atStep = aggregator.ToReading()!.At;
        var after = aggregator.Add(Face(3, T0.AddSeconds(11), Pure(Emotion.Happy)));

        Assert.Equal((FrameVerdict.Face, FrameVerdict.Face), (steppedBack, after));
        Assert.Equal(T0.AddSeconds(10), atStep);
        Assert.Equal(T0.AddSeconds(11), aggregator.ToReading()!.At);
        Assert.Equal(0, aggregator.ToAggregate().RejectedFrames);
        var starts = aggregator.RecentTimeline(100).Select(b => b.Start).ToList();
        Assert.Equal(starts.Order(), starts);
    }

    [Fact]
    public void Probabilities_that_sum_to_about_one_are_normalised()
    {
        var aggregator = NewAggregator();

        aggregator.Add(Face(1, T0, [0f, 0f, 0f, 0.49f, 0.49f, 0f, 0f]));

        Assert.Equal(0.5f, aggregator.ToAggregate().MeanDistribution[(int)Emotion.Happy], Tolerance);
    }

    [Fact]
    public void Aggregates_continue_from_persisted_state_as_if_uninterrupted()
    {
        var frames = Stream(Emotion.Happy, T0, TimeSpan.FromMilliseconds(250), 40, 1)
            .Concat(Stream(Emotion.Sad, T0.AddSeconds(10), TimeSpan.FromMilliseconds(250), 80, 41))
            .ToArray();
        var uninterrupted = NewAggregator();
        AddAll(uninterrupted, frames);
        var first = NewAggregator();
        AddAll(first, frames[..60]);

        // Persisted as grain state is: through Orleans' serializer.
        var stored = OrleansSerialization.Serializer.SerializeToArray(first.State);
        var resumed = new EmotionAggregator(OrleansSerialization.Serializer.Deserialize<AggregateState>(stored)!, new EmotionAggregatorOptions());
        AddAll(resumed, frames[60..]);

        Assert.Equal(
            TestJson.Serialize(uninterrupted.ToAggregate(), typeof(EmotionAggregate)),
            TestJson.Serialize(resumed.ToAggregate(), typeof(EmotionAggregate)));
        Assert.Equal(uninterrupted.State.Ema, resumed.State.Ema);
        Assert.Equal(uninterrupted.RecentTimeline(100).Count, resumed.RecentTimeline(100).Count);
        Assert.Equal(
            uninterrupted.State.Moments.Where(m => m.Kind == NotableMomentKind.SustainedNegativeAffect),
            resumed.State.Moments.Where(m => m.Kind == NotableMomentKind.SustainedNegativeAffect));
    }

    [Fact]
    public void Adding_frames_allocates_nothing()
    {
        var aggregator = NewAggregator();
        var frames = new FrameObservation[1000];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = i % 10 == 9 ? NoFace(i, T0.AddMilliseconds(4 * i)) : Face(i, T0.AddMilliseconds(4 * i), Blend(Emotion.Neutral, Emotion.Happy, (i % 7) / 10f));
        }

        aggregator.Add(frames[0]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < frames.Length; i++)
        {
            aggregator.Add(frames[i]);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000, aggregator.ToAggregate().Frames);
    }
}
