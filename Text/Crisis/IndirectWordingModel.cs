using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;

namespace EmoteCare.Text.Crisis;

/// <summary>
/// The second crisis layer: logistic regression over <see cref="IndirectWordingFeatures"/>, trained by
/// <c>models/training/crisis/train.py</c> to recognise indirect wording ("everyone would be better off without me") and
/// read from <c>models/crisis-indirect.json</c>, which is built into this assembly so the detector never depends on a
/// file being deployed. Its threshold was chosen for recall. Immutable; safe from many threads.
/// </summary>
internal sealed class IndirectWordingModel
{
    /// <summary>The resource name of the committed model inside this assembly.</summary>
    public const string ResourceName = "EmoteCare.Text.Crisis.crisis-indirect.json";

    // Long texts (a journal entry) are scored in overlapping windows of about a training example's length, so one
    // indirect sentence in a long entry is not diluted by the rest.
    private const int WindowTokens = 24;
    private const int WindowStep = 12;

    private readonly float[] _weights;

    private IndirectWordingModel(string version, double bias, double threshold, float[] weights)
    {
        Version = version;
        Bias = bias;
        Threshold = threshold;
        _weights = weights;
    }

    /// <summary>The model's version, from its JSON.</summary>
    public string Version { get; }

    public double Bias { get; }

    /// <summary>A message whose probability reaches this is indirect wording.</summary>
    public double Threshold { get; }

    /// <summary>The model built into this assembly.</summary>
    public static IndirectWordingModel LoadEmbedded()
    {
        using var stream = typeof(IndirectWordingModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The crisis model resource {ResourceName} is missing from {typeof(IndirectWordingModel).Assembly.GetName().Name}; the build embeds models/crisis-indirect.json.");
        return Load(stream);
    }

    /// <summary>Reads a model in the JSON format train.py writes.</summary>
    /// <exception cref="InvalidDataException">The JSON is not such a model, or its features differ from this code's.</exception>
    public static IndirectWordingModel Load(Stream json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var features = root.GetProperty("features");
            var buckets = features.GetProperty("buckets").GetInt32();
            var ngrams = features.GetProperty("charNgrams").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var maxToken = features.GetProperty("maxTokenLength").GetInt32();
            if (buckets != IndirectWordingFeatures.Buckets || maxToken != IndirectWordingFeatures.MaxTokenLength
                || !ngrams.SequenceEqual(Enumerable.Range(IndirectWordingFeatures.MinCharNgram, IndirectWordingFeatures.MaxCharNgram - IndirectWordingFeatures.MinCharNgram + 1)))
            {
                throw new InvalidDataException(
                    $"The crisis model was trained on other features ({buckets} buckets, character n-grams {string.Join(",", ngrams)}, words cut at {maxToken}) than this code computes " +
                    $"({IndirectWordingFeatures.Buckets}, {IndirectWordingFeatures.MinCharNgram}-{IndirectWordingFeatures.MaxCharNgram}, {IndirectWordingFeatures.MaxTokenLength}).");
            }

            var bytes = Convert.FromBase64String(root.GetProperty("weights").GetString() ?? string.Empty);
            if (bytes.Length != buckets * sizeof(float))
            {
                throw new InvalidDataException($"The crisis model has {bytes.Length} bytes of weights; {buckets} float32 weights take {buckets * sizeof(float)}.");
            }

            var weights = new float[buckets];
            for (var i = 0; i < buckets; i++)
            {
                weights[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
            }

            var threshold = root.GetProperty("threshold").GetDouble();
            if (threshold is <= 0 or >= 1)
            {
                throw new InvalidDataException($"The crisis model's threshold {threshold} is not a probability between 0 and 1.");
            }

            return new IndirectWordingModel(root.GetProperty("version").GetString() ?? "?", root.GetProperty("bias").GetDouble(), threshold, weights);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"The crisis model JSON is malformed: {e.Message}", e);
        }
    }

    /// <summary>Whether <paramref name="normalised"/> (from <see cref="CrisisText"/>) reads as indirect crisis wording.</summary>
    public bool IsIndirect(ReadOnlySpan<char> normalised) => Probability(normalised) >= Threshold;

    /// <summary>
    /// The probability that <paramref name="normalised"/> is indirect crisis wording: of the whole text, or the highest
    /// of its windows when it is longer than a few sentences.
    /// </summary>
    public double Probability(ReadOnlySpan<char> normalised)
    {
        var tokens = normalised.Count(' ') + 1;
        if (tokens <= 2 * WindowTokens)
        {
            return Sigmoid(Logit(normalised));
        }

        var best = double.NegativeInfinity;
        var windowStart = 0;
        var startToken = 0;
        while (true)
        {
            var windowEnd = Advance(normalised, windowStart, WindowTokens);
            best = Math.Max(best, Logit(normalised[windowStart..windowEnd]));
            if (windowEnd >= normalised.Length || startToken + WindowTokens >= tokens)
            {
                break;
            }

            windowStart = Advance(normalised, windowStart, WindowStep) + 1;
            startToken += WindowStep;
        }

        return Sigmoid(best);
    }

    /// <summary>The logit of one span, as <c>crisis_text.score</c> computes it.</summary>
    public double Logit(ReadOnlySpan<char> normalised)
    {
        var rented = ArrayPool<int>.Shared.Rent(IndirectWordingFeatures.MaxFeatures(normalised.Length));
        try
        {
            var buckets = rented.AsSpan(0, IndirectWordingFeatures.Extract(normalised, rented));
            if (buckets.IsEmpty)
            {
                return Bias;
            }

            // Repeated buckets are one feature with a count, as in a sparse matrix with duplicates summed.
            buckets.Sort();
            var dot = 0.0;
            var squares = 0.0;
            for (var i = 0; i < buckets.Length;)
            {
                var bucket = buckets[i];
                var run = 1;
                while (i + run < buckets.Length && buckets[i + run] == bucket)
                {
                    run++;
                }

                dot += _weights[bucket] * (double)run;
                squares += (double)run * run;
                i += run;
            }

            return Bias + (dot / Math.Sqrt(squares));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>The index just past the <paramref name="words"/>-th space-separated token from <paramref name="start"/> (or the end).</summary>
    private static int Advance(ReadOnlySpan<char> text, int start, int words)
    {
        var position = start;
        for (var w = 0; w < words; w++)
        {
            var space = text[position..].IndexOf(' ');
            if (space < 0)
            {
                return text.Length;
            }

            position += space + (w == words - 1 ? 0 : 1);
        }

        return position;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
