using System.Globalization;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Aggregation;

/// <summary>What <see cref="EmotionAggregator.Add"/> made of a frame.</summary>
internal enum FrameVerdict
{
    Face,
    NoFace,
    Rejected,
}

/// <summary>
/// A session's running emotion aggregates over <see cref="AggregateState"/>: smoothed scores, totals, a timeline and
/// notable moments. Plain code with no runtime, so it is tested on its own. Adding a frame allocates nothing except a
/// new timeline bucket every few seconds and a moment when one is raised. All times are capture times.
/// </summary>
internal sealed class EmotionAggregator
{
    private const float ProbabilitySumTolerance = 0.05f;

    // Angry, Disgust, Fear, Sad: the expressions whose smoothed sum is the "negative share".
    private static readonly int[] NegativeEmotions = [(int)Emotion.Angry, (int)Emotion.Disgust, (int)Emotion.Fear, (int)Emotion.Sad];

    private readonly AggregateState _state;
    private readonly EmotionAggregatorOptions _options;
    private readonly double _tauSeconds;
    private readonly float[] _probabilities = new float[Emotions.Count];

    // Recent smoothed scores for sharp-shift detection: a ring of samples at least _sampleEvery apart spanning the
    // shift window. Not persisted: after a reactivation detection starts afresh.
    private readonly long _sampleEvery;
    private readonly long[] _sampleAt;
    private readonly float[] _samples;
    private int _sampleHead;
    private int _sampleCount;

    public EmotionAggregator(AggregateState state, EmotionAggregatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.SmoothingTimeConstant, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ShiftWindow, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.BucketLength, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBuckets, 2);
        _state = state;
        _options = options;
        _tauSeconds = options.SmoothingTimeConstant.TotalSeconds;
        if (_state.BucketLength <= TimeSpan.Zero)
        {
            _state.BucketLength = options.BucketLength;
        }

        const int samplesPerWindow = 30;
        _sampleEvery = options.ShiftWindow.Ticks / samplesPerWindow;
        _sampleAt = new long[samplesPerWindow + 2];
        _samples = new float[_sampleAt.Length * Emotions.Count];
    }

    public AggregateState State => _state;

    public int MomentCount => _state.Moments.Count;

    /// <summary>Adds one frame: validates it, updates totals, the timeline, the smoothed scores and moment detection.</summary>
    public FrameVerdict Add(FrameObservation frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var state = _state;
        if (!InOrder(frame) || (frame.Quality & FrameQuality.Rejected) != 0
            || (frame.FacePresent && !(TryNormalize(frame.Probabilities, _probabilities) && frame.Confidence is >= 0f and <= 1f)))
        {
            state.RejectedFrames++;
            return FrameVerdict.Rejected;
        }

        // A capture time before the last one (the device's clock stepped back, or a new stream's clock is behind the
        // old one's) counts as the last one: the timeline, smoothing and moments need time to move forward only, and
        // ingest has bounded capture times against the server's clock, so a frame cannot pin this far ahead.
        var at = state.LastCapturedAt is { } last && frame.CapturedAt < last ? last : frame.CapturedAt;
        state.LastEpoch = frame.Epoch;
        state.LastSequence = frame.Sequence;
        state.LastCapturedAt = at;
        state.LastFacePresent = frame.FacePresent;
        state.LastConfidence = frame.FacePresent ? frame.Confidence : 0f;
        state.Frames++;
        var bucket = BucketFor(at);
        bucket.Frames++;
        if (!frame.FacePresent)
        {
            return FrameVerdict.NoFace;
        }

        state.FaceFrames++;
        state.ConfidenceSum += frame.Confidence;
        bucket.FaceFrames++;
        for (var i = 0; i < Emotions.Count; i++)
        {
            state.DistributionSum[i] += _probabilities[i];
            bucket.Sum[i] += _probabilities[i];
        }

        var previousFace = state.LastFaceAt;
        Smooth(at, previousFace);
        state.LastFaceAt = at;
        TrackNegativeAffect(at, previousFace);
        TrackShift(at);
        return FrameVerdict.Face;
    }

    /// <summary>Opens a new stream of frames: its epoch is above every stream's so far, and from now on older streams' frames are late.</summary>
    public long OpenStream()
    {
        _state.OpenedEpoch = Math.Max(_state.OpenedEpoch, _state.LastEpoch) + 1;
        return _state.OpenedEpoch;
    }

    /// <summary>Closes a sustained-negative moment still open when the session ends.</summary>
    public void Finish()
    {
        if (_state.OpenNegativeMoment >= 0)
        {
            CloseNegativeMoment(_state.LastFaceAt ?? _state.LastCapturedAt!.Value);
        }
    }

    public EmotionAggregate ToAggregate()
    {
        var state = _state;
        var distribution = new float[Emotions.Count];
        if (state.FaceFrames > 0)
        {
            for (var i = 0; i < Emotions.Count; i++)
            {
                distribution[i] = (float)(state.DistributionSum[i] / state.FaceFrames);
            }
        }

        return new EmotionAggregate(
            state.Frames,
            state.FaceFrames,
            state.RejectedFrames,
            state.Frames == 0 ? 0f : (float)state.FaceFrames / state.Frames,
            state.FaceFrames == 0 ? 0f : (float)(state.ConfidenceSum / state.FaceFrames),
            distribution,
            state.FaceFrames == 0 ? null : ArgMax(distribution),
            Circumplex.Valence(distribution),
            Circumplex.Arousal(distribution));
    }

    /// <summary>The latest frame's view; null before the first accepted frame.</summary>
    public EmotionReading? ToReading()
    {
        var state = _state;
        if (state.LastCapturedAt is not { } at)
        {
            return null;
        }

        if (state.LastFaceAt is null)
        {
            return new EmotionReading(at, state.LastFacePresent, state.LastConfidence, null, null, 0f, 0f);
        }

        var smoothed = (float[])state.Ema.Clone();
        return new EmotionReading(at, state.LastFacePresent, state.LastConfidence, smoothed, ArgMax(smoothed), Circumplex.Valence(smoothed), Circumplex.Arousal(smoothed));
    }

    /// <summary>The last <paramref name="count"/> timeline buckets, oldest first.</summary>
    public IReadOnlyList<TimelineBucket> RecentTimeline(int count)
    {
        var timeline = _state.Timeline;
        var skip = Math.Max(0, timeline.Count - count);
        var result = new TimelineBucket[timeline.Count - skip];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = ToBucket(timeline[skip + i], _state.BucketLength);
        }

        return result;
    }

    /// <summary>The whole timeline with bucket lengths doubled until at most <paramref name="maxBuckets"/> remain.</summary>
    public IReadOnlyList<TimelineBucket> CondensedTimeline(int maxBuckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBuckets, 1);
        var buckets = _state.Timeline.ConvertAll(b => b.Clone());
        var length = _state.BucketLength;
        while (buckets.Count > maxBuckets)
        {
            length *= 2;
            Merge(buckets, length);
        }

        return buckets.ConvertAll(b => ToBucket(b, length));
    }

    /// <summary>
    /// Sequence numbers are ordered within a stream (<see cref="FrameObservation.Epoch"/>) only: a newer stream starts
    /// afresh, whatever its numbers, and frames of an older one come too late.
    /// </summary>
    private bool InOrder(FrameObservation frame) =>
        frame.Epoch >= _state.OpenedEpoch
        && (frame.Epoch > _state.LastEpoch || (frame.Epoch == _state.LastEpoch && frame.Sequence > _state.LastSequence));

    private static bool TryNormalize(float[]? probabilities, float[] into)
    {
        if (probabilities is not { Length: Emotions.Count })
        {
            return false;
        }

        var sum = 0f;
        foreach (var p in probabilities)
        {
            if (!float.IsFinite(p) || p < 0f)
            {
                return false;
            }

            sum += p;
        }

        // Softmax output sums to 1 up to rounding; anything further off is logits or a mislabelled model, not probabilities.
        if (MathF.Abs(sum - 1f) > ProbabilitySumTolerance)
        {
            return false;
        }

        for (var i = 0; i < Emotions.Count; i++)
        {
            into[i] = probabilities[i] / sum;
        }

        return true;
    }

    private static Emotion ArgMax(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var i = 1; i < Emotions.Count; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return (Emotion)best;
    }

    private static DateTimeOffset Align(DateTimeOffset at, TimeSpan length) =>
        new(at.UtcTicks - (at.UtcTicks % length.Ticks), TimeSpan.Zero);

    /// <summary>Merges buckets that fall into the same slot of the new length; starts are re-aligned in place.</summary>
    private static void Merge(List<BucketState> buckets, TimeSpan length)
    {
        var write = -1;
        for (var read = 0; read < buckets.Count; read++)
        {
            var bucket = buckets[read];
            var slot = Align(bucket.Start, length);
            if (write >= 0 && buckets[write].Start == slot)
            {
                var target = buckets[write];
                target.Frames += bucket.Frames;
                target.FaceFrames += bucket.FaceFrames;
                for (var i = 0; i < Emotions.Count; i++)
                {
                    target.Sum[i] += bucket.Sum[i];
                }
            }
            else
            {
                bucket.Start = slot;
                buckets[++write] = bucket;
            }
        }

        buckets.RemoveRange(write + 1, buckets.Count - write - 1);
    }

    private static TimelineBucket ToBucket(BucketState bucket, TimeSpan length)
    {
        var mean = new float[Emotions.Count];
        if (bucket.FaceFrames > 0)
        {
            for (var i = 0; i < Emotions.Count; i++)
            {
                mean[i] = (float)(bucket.Sum[i] / bucket.FaceFrames);
            }
        }

        return new TimelineBucket(bucket.Start, bucket.Start + length, bucket.Frames, bucket.FaceFrames, mean, Circumplex.Valence(mean), Circumplex.Arousal(mean));
    }

    private static string Percent(float share) => string.Create(CultureInfo.InvariantCulture, $"{MathF.Round(share * 100f):0}%");

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");

    private BucketState BucketFor(DateTimeOffset at)
    {
        var timeline = _state.Timeline;
        var start = Align(at, _state.BucketLength);
        if (timeline.Count > 0 && timeline[^1].Start == start)
        {
            return timeline[^1];
        }

        if (timeline.Count >= _options.MaxBuckets)
        {
            while (timeline.Count >= _options.MaxBuckets)
            {
                _state.BucketLength *= 2;
                Merge(timeline, _state.BucketLength);
            }

            start = Align(at, _state.BucketLength);
            if (timeline[^1].Start == start)
            {
                return timeline[^1];
            }
        }

        var bucket = new BucketState { Start = start };
        timeline.Add(bucket);
        return bucket;
    }

    private void Smooth(DateTimeOffset at, DateTimeOffset? previousFace)
    {
        var ema = _state.Ema;
        if (previousFace is not { } previous)
        {
            _probabilities.CopyTo(ema, 0);
            return;
        }

        var alpha = (float)(1.0 - Math.Exp(-(at - previous).TotalSeconds / _tauSeconds));
        for (var i = 0; i < Emotions.Count; i++)
        {
            ema[i] += alpha * (_probabilities[i] - ema[i]);
        }
    }

    private void TrackNegativeAffect(DateTimeOffset at, DateTimeOffset? previousFace)
    {
        var state = _state;
        var negative = 0f;
        foreach (var index in NegativeEmotions)
        {
            negative += state.Ema[index];
        }

        if (state.OpenNegativeMoment >= 0)
        {
            state.NegativePeak = MathF.Max(state.NegativePeak, negative);
            if (negative < _options.NegativeRelease)
            {
                CloseNegativeMoment(at);
            }

            return;
        }

        if (negative <= _options.NegativeThreshold)
        {
            state.NegativeSince = null;
            return;
        }

        if (state.NegativeSince is null || previousFace is null || at - previousFace.Value > _options.FaceGapTolerance)
        {
            state.NegativeSince = at;
            state.NegativePeak = negative;
        }

        state.NegativePeak = MathF.Max(state.NegativePeak, negative);
        var since = state.NegativeSince.Value;
        if (at - since >= _options.NegativeMinimumDuration)
        {
            state.OpenNegativeMoment = state.Moments.Count;
            state.Moments.Add(new NotableMoment(
                NextMomentId(),
                NotableMomentKind.SustainedNegativeAffect,
                since,
                null,
                $"Negative expressions (angry, disgust, fear, sad) above {Percent(_options.NegativeThreshold)} for {Seconds(at - since)} so far, peak {Percent(state.NegativePeak)}.",
                state.NegativePeak));
        }
    }

    private void CloseNegativeMoment(DateTimeOffset at)
    {
        var state = _state;
        var moment = state.Moments[state.OpenNegativeMoment];
        state.Moments[state.OpenNegativeMoment] = moment with
        {
            EndedAt = at,
            Description = $"Negative expressions (angry, disgust, fear, sad) above {Percent(_options.NegativeThreshold)} for {Seconds(at - moment.StartedAt)}, peak {Percent(state.NegativePeak)}.",
            Intensity = state.NegativePeak,
        };
        state.OpenNegativeMoment = -1;
        state.NegativeSince = null;
    }

    private void TrackShift(DateTimeOffset at)
    {
        var ema = _state.Ema;
        var now = at.UtcTicks;
        var cutoff = now - _options.ShiftWindow.Ticks;
        while (_sampleCount > 0 && _sampleAt[_sampleHead] < cutoff)
        {
            DropOldestSample();
        }

        if (_sampleCount > 0 && _state.SharpShifts < _options.MaxSharpShifts)
        {
            var reference = _samples.AsSpan(_sampleHead * Emotions.Count, Emotions.Count);
            var from = ArgMax(reference);
            var to = ArgMax(ema);
            if (from != to)
            {
                var distance = 0f;
                for (var i = 0; i < Emotions.Count; i++)
                {
                    distance += MathF.Abs(ema[i] - reference[i]);
                }

                distance /= 2f;
                if (distance >= _options.ShiftThreshold)
                {
                    var since = new DateTimeOffset(_sampleAt[_sampleHead], TimeSpan.Zero);
                    _state.SharpShifts++;
                    _state.Moments.Add(new NotableMoment(
                        NextMomentId(),
                        NotableMomentKind.SharpShift,
                        since,
                        at,
                        $"Dominant expression changed from {from} to {to} within {Seconds(at - since)}.",
                        distance));

                    // Start over from here, so one change is reported once and not again on the following frames.
                    _sampleCount = 0;
                }
            }
        }

        var newest = (_sampleHead + _sampleCount - 1 + _sampleAt.Length) % _sampleAt.Length;
        if (_sampleCount == 0 || now - _sampleAt[newest] >= _sampleEvery)
        {
            if (_sampleCount == _sampleAt.Length)
            {
                DropOldestSample();
            }

            var slot = (_sampleHead + _sampleCount) % _sampleAt.Length;
            _sampleAt[slot] = now;
            ema.CopyTo(_samples, slot * Emotions.Count);
            _sampleCount++;
        }
    }

    private void DropOldestSample()
    {
        _sampleHead = (_sampleHead + 1) % _sampleAt.Length;
        _sampleCount--;
    }

    private string NextMomentId() => string.Create(CultureInfo.InvariantCulture, $"m{_state.Moments.Count + 1}");
}
