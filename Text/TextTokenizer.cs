using System.Text;

namespace EmoteCare.Text;

/// <summary>
/// Splits text into the tokens the text emotion model was trained on and maps them to its ids. Rule for rule the same
/// as <c>models/training/text/tokenizer.py</c>, whose docstring states the rules; both are held to
/// <c>models/training/text/golden/tokenizer.jsonl</c>. Code points are classified by fixed ranges, not by the runtime's
/// Unicode tables, so .NET and Python cannot drift apart. Immutable, so safe to share between threads.
/// </summary>
public sealed class TextTokenizer
{
    /// <summary>Most tokens read from one text, the first ones: the one cap on how much of a message the model sees.</summary>
    public const int MaxTokens = 128;

    /// <summary>Id of padding; never produced, batches hold equal-length rows.</summary>
    public const int PadId = 0;

    /// <summary>Id of any token outside the vocabulary, and the one id of a text without tokens.</summary>
    public const int UnknownId = 1;

    /// <summary>Id of the vocabulary file's first line.</summary>
    public const int FirstWordId = 2;

    /// <summary>Longest vocabulary entry accepted, in UTF-16 code units: longer words are unknown without a lookup.</summary>
    public const int MaxWordLength = 64;

    /// <summary>Version of the rules, as the model's sidecar names them.</summary>
    public const string Kind = "emotecare-words-1";

    /// <summary>The token every web address becomes.</summary>
    public const string UrlToken = "[url]";

    private const int PlaceholderMaxLetters = 16;
    private static readonly string[] UrlPrefixes = ["http://", "https://", "www."];

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _ids;

    /// <summary>A tokenizer over <paramref name="vocabulary"/>, whose n-th entry gets id <see cref="FirstWordId"/> + n.</summary>
    /// <exception cref="ArgumentException">An entry is empty, too long or repeated.</exception>
    public TextTokenizer(IReadOnlyList<string> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var ids = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        for (var i = 0; i < vocabulary.Count; i++)
        {
            var word = vocabulary[i];
            if (word.Length is 0 or > MaxWordLength)
            {
                throw new ArgumentException($"Vocabulary entry {i + 1} is empty or longer than {MaxWordLength} characters.", nameof(vocabulary));
            }

            if (!ids.TryAdd(word, FirstWordId + i))
            {
                throw new ArgumentException($"Vocabulary entry {i + 1} ('{word}') repeats entry {ids[word] - FirstWordId + 1}.", nameof(vocabulary));
            }
        }

        _ids = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        VocabularySize = vocabulary.Count;
    }

    /// <summary>Entries in the vocabulary (ids <see cref="FirstWordId"/> and up).</summary>
    public int VocabularySize { get; }

    /// <summary>Reads a vocabulary file: UTF-8, one token per line, the first line is id <see cref="FirstWordId"/>.</summary>
    public static TextTokenizer Load(string vocabularyPath)
    {
        var text = File.ReadAllText(vocabularyPath, Encoding.UTF8);
        var lines = text.Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        try
        {
            return new TextTokenizer(lines.AsSpan(0, count).ToArray());
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{vocabularyPath}: {e.Message}", e);
        }
    }

    /// <summary>The tokens of <paramref name="text"/> as strings (at most <see cref="MaxTokens"/>).</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sink = new StringSink();
        Scan(text, ref sink);
        return sink.Tokens;
    }

    /// <summary>
    /// Writes the ids of <paramref name="text"/> into <paramref name="ids"/> (room for <see cref="MaxTokens"/>) and
    /// returns how many: at least one, <see cref="UnknownId"/> alone for a text without tokens. Allocates nothing.
    /// </summary>
    public int Encode(string text, Span<long> ids)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ids.Length < MaxTokens)
        {
            throw new ArgumentException($"Room for {MaxTokens} ids is needed, got {ids.Length}.", nameof(ids));
        }

        var sink = new IdSink(this, ids);
        Scan(text, ref sink);
        if (sink.Count == 0)
        {
            ids[0] = UnknownId;
            return 1;
        }

        return sink.Count;
    }

    private int IdOf(ReadOnlySpan<char> token) => _ids.TryGetValue(token, out var id) ? id : UnknownId;

    /// <summary>Walks the text once and hands each token's span and kind to the sink, which normalises it.</summary>
    private static void Scan<TSink>(string text, ref TSink sink)
        where TSink : struct, ITokenSink, allows ref struct
    {
        var i = 0;
        while (i < text.Length && sink.Count < MaxTokens)
        {
            var cp = CodePointAt(text, i, out var width);
            if (IsSeparator(cp))
            {
                i += width;
            }
            else if (cp == '[' && PlaceholderEnd(text, i) is var end and > 0)
            {
                sink.Add(text.AsSpan(i, end - i), TokenKind.Placeholder);
                i = end;
            }
            else if (IsWord(cp) && StartsUrl(text, i))
            {
                while (i < text.Length && !IsSeparator(CodePointAt(text, i, out width)))
                {
                    i += width;
                }

                sink.Add(UrlToken, TokenKind.Url);
            }
            else if (IsWord(cp))
            {
                var start = i;
                while (i < text.Length)
                {
                    var c = Apostrophe(text[i]);
                    if (IsWord(c) || (c == '\'' && i + 1 < text.Length && IsWord(text[i + 1])))
                    {
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }

                sink.Add(text.AsSpan(start, i - start), TokenKind.Word);
            }
            else
            {
                sink.Add(text.AsSpan(i, width), TokenKind.Symbol);
                i += width;
            }
        }
    }

    /// <summary>Writes the normalised form of a token into <paramref name="destination"/> and returns its length, or -1 when it does not fit.</summary>
    private static int Normalise(ReadOnlySpan<char> token, TokenKind kind, Span<char> destination)
    {
        switch (kind)
        {
            case TokenKind.Symbol:
                if (token.Length == 1 && Apostrophe(token[0]) == '\'')
                {
                    destination[0] = '\'';
                    return 1;
                }

                return token.TryCopyTo(destination) ? token.Length : -1;
            case TokenKind.Url:
                return token.TryCopyTo(destination) ? token.Length : -1;
            default:
                var length = 0;
                foreach (var c in token)
                {
                    if (Apostrophe(c) == '\'')
                    {
                        continue;
                    }

                    if (length == destination.Length)
                    {
                        return -1;
                    }

                    destination[length++] = Lower(c);
                }

                return length;
        }
    }

    private static int CodePointAt(string text, int index, out int width)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(c, text[index + 1]);
        }

        width = 1;
        return Apostrophe(c);
    }

    private static char Apostrophe(char c) => c is '\u2019' or '\u2018' or '\u02BC' ? '\'' : c;

    private static int Apostrophe(int cp) => cp is 0x2019 or 0x2018 or 0x02BC ? '\'' : cp;

    /// <summary>ASCII letters and digits and the Latin-1 letters (U+00C0..U+00FF without × and ÷).</summary>
    private static bool IsWord(int cp) =>
        cp is (>= '0' and <= '9') or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') || (cp is >= 0xC0 and <= 0xFF and not 0xD7 and not 0xF7);

    private static char Lower(char c) => c is (>= 'A' and <= 'Z') or (>= '\u00C0' and <= '\u00DE' and not '\u00D7') ? (char)(c + 0x20) : c;

    private static bool IsAsciiLetter(int cp) => cp is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z');

    /// <summary>Whitespace, controls, invisible formatting, variation selectors, skin-tone modifiers, tags and unpaired surrogates.</summary>
    private static bool IsSeparator(int cp) => cp switch
    {
        <= 0x20 => true,
        >= 0x7F and <= 0xA0 => true,
        0xAD or 0x1680 or 0x180E or 0x3000 or 0xFEFF => true,
        >= 0x2000 and <= 0x200F => true,
        >= 0x2028 and <= 0x202F => true,
        >= 0x205F and <= 0x206F => true,
        >= 0xD800 and <= 0xDFFF => true,
        >= 0xFE00 and <= 0xFE0F => true,
        >= 0x1F3FB and <= 0x1F3FF => true,
        >= 0xE0000 and <= 0xE007F => true,
        >= 0xE0100 and <= 0xE01EF => true,
        _ => false,
    };

    private static bool StartsUrl(string text, int index)
    {
        foreach (var prefix in UrlPrefixes)
        {
            if (index + prefix.Length > text.Length)
            {
                continue;
            }

            var matches = true;
            for (var k = 0; k < prefix.Length && matches; k++)
            {
                matches = Lower(Apostrophe(text[index + k])) == prefix[k];
            }

            if (matches)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The index after a <c>[LETTERS]</c> placeholder (1..16 ASCII letters) starting at <paramref name="index"/>, or -1.</summary>
    private static int PlaceholderEnd(string text, int index)
    {
        var j = index + 1;
        while (j < text.Length && j - index - 1 < PlaceholderMaxLetters && IsAsciiLetter(text[j]))
        {
            j++;
        }

        var letters = j - index - 1;
        return letters >= 1 && j < text.Length && text[j] == ']' ? j + 1 : -1;
    }

    private enum TokenKind
    {
        Word,
        Placeholder,
        Url,
        Symbol,
    }

    private interface ITokenSink
    {
        int Count { get; }

        void Add(ReadOnlySpan<char> token, TokenKind kind);
    }

    private struct StringSink() : ITokenSink
    {
        public List<string> Tokens { get; } = [];

        public readonly int Count => Tokens.Count;

        public readonly void Add(ReadOnlySpan<char> token, TokenKind kind)
        {
            var buffer = new char[token.Length];
            var length = Normalise(token, kind, buffer);
            Tokens.Add(new string(buffer, 0, length));
        }
    }

    private ref struct IdSink(TextTokenizer tokenizer, Span<long> ids) : ITokenSink
    {
        private readonly Span<long> _ids = ids;

        public int Count { get; private set; }

        public void Add(ReadOnlySpan<char> token, TokenKind kind)
        {
            Span<char> buffer = stackalloc char[MaxWordLength];
            var length = Normalise(token, kind, buffer);
            _ids[Count++] = length < 0 ? UnknownId : tokenizer.IdOf(buffer[..length]);
        }
    }
}
