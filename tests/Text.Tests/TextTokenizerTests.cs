using System.Text.Json;

namespace EmoteCare.Text.Tests;

/// <summary>The C# tokenizer against the golden file that tokenizer.py is tested against too.</summary>
public sealed class TextTokenizerTests
{
    private static readonly Lazy<TextTokenizer> Committed = new(() => TextTokenizer.Load(TestPaths.CommittedVocabulary));

    public static TheoryData<int, string, string[], long[]> GoldenCases()
    {
        var data = new TheoryData<int, string, string[], long[]>();
        var number = 0;
        foreach (var line in File.ReadLines(TestPaths.GoldenTokenizer))
        {
            number++;
            var root = JsonDocument.Parse(line).RootElement;
            data.Add(
                number,
                root.GetProperty("text").GetString()!,
                root.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToArray(),
                root.GetProperty("ids").EnumerateArray().Select(t => t.GetInt64()).ToArray());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Tokens_match_the_golden_file(int line, string text, string[] tokens, long[] ids)
    {
        _ = ids;
        Assert.True(tokens.SequenceEqual(TextTokenizer.Tokenize(text)), $"golden line {line}: got [{string.Join(" | ", TextTokenizer.Tokenize(text))}]");
    }

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Ids_match_the_golden_file(int line, string text, string[] tokens, long[] ids)
    {
        _ = tokens;
        var buffer = new long[TextTokenizer.MaxTokens];
        var count = Committed.Value.Encode(text, buffer);
        Assert.True(ids.SequenceEqual(buffer[..count]), $"golden line {line}: got [{string.Join(",", buffer[..count])}]");
    }

    [Fact]
    public void The_golden_file_covers_the_cap_and_text_without_tokens()
    {
        var cases = GoldenCases().Select(row => (string[])row[2]).ToArray();
        Assert.Contains(cases, tokens => tokens.Length == TextTokenizer.MaxTokens);
        Assert.Contains(cases, tokens => tokens.Length == 0);
    }

    [Fact]
    public void An_unpaired_surrogate_separates_tokens()
    {
        // Not in the golden file, which JSON readers refuse to hold; test_tokenizer.py tests the same case.
        Assert.Equal(["lone", "alone"], TextTokenizer.Tokenize("lone\ud83dalone"));
    }

    [Fact]
    public void Text_without_tokens_encodes_as_the_unknown_id_alone()
    {
        var tokenizer = new TextTokenizer(["hello"]);
        var ids = new long[TextTokenizer.MaxTokens];

        Assert.Equal(1, tokenizer.Encode(" \t\u200b\n", ids));
        Assert.Equal(TextTokenizer.UnknownId, ids[0]);
    }

    [Fact]
    public void Ids_follow_the_vocabulary_order_and_unknown_words_get_the_unknown_id()
    {
        var tokenizer = new TextTokenizer(["hello", "world", "!"]);
        var ids = new long[TextTokenizer.MaxTokens];

        var count = tokenizer.Encode("Hello there, WORLD!", ids);

        Assert.Equal([2L, 1, 1, 3, 4], ids[..count]);
    }

    [Fact]
    public void Words_longer_than_the_longest_vocabulary_entry_are_unknown()
    {
        var tokenizer = new TextTokenizer(["ok"]);
        var ids = new long[TextTokenizer.MaxTokens];

        var count = tokenizer.Encode(new string('x', 10_000) + " ok", ids);

        Assert.Equal([(long)TextTokenizer.UnknownId, 2], ids[..count]);
    }

    [Fact]
    public void Encoding_allocates_nothing()
    {
        var tokenizer = Committed.Value;
        var ids = new long[TextTokenizer.MaxTokens];
        const string text = "I’m SO happy for [NAME]!!! 😂 see https://example.org, can't wait";
        tokenizer.Encode(text, ids);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            tokenizer.Encode(text, ids);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_buffer_smaller_than_the_cap_is_refused()
    {
        var tokenizer = new TextTokenizer(["ok"]);

        var error = Assert.Throws<ArgumentException>(() => tokenizer.Encode("ok", new long[TextTokenizer.MaxTokens - 1]));
        Assert.Contains("128", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_or_oversized_vocabulary_entry_is_refused_with_its_line()
    {
        var repeated = Assert.Throws<ArgumentException>(() => new TextTokenizer(["a", "b", "a"]));
        Assert.Contains("entry 3 ('a') repeats entry 1", repeated.Message, StringComparison.Ordinal);

        var oversized = Assert.Throws<ArgumentException>(() => new TextTokenizer(["a", new string('b', TextTokenizer.MaxWordLength + 1)]));
        Assert.Contains("entry 2", oversized.Message, StringComparison.Ordinal);
    }
}
