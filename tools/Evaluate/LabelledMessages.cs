namespace EmoteCare.Evaluate;

/// <summary>One labelled message of a crisis test file.</summary>
/// <param name="Line">Its line number in the file (from 1).</param>
internal sealed record LabelledMessage(int Line, string Text, bool IsCrisis);

/// <summary>Reads <c>text&lt;TAB&gt;1|0</c> files.</summary>
internal static class LabelledMessages
{
    /// <exception cref="EvaluationException">The file is missing, empty, or a line is not text, a tab and 1 or 0.</exception>
    public static IReadOnlyList<LabelledMessage> Read(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new EvaluationException($"message file not found: {full}");
        }

        var messages = new List<LabelledMessage>();
        var number = 0;
        foreach (var line in File.ReadLines(full))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var tab = line.LastIndexOf('\t');
            var label = tab < 0 ? string.Empty : line[(tab + 1)..].Trim();
            var text = tab < 0 ? string.Empty : line[..tab];
            if (tab < 0 || label is not ("0" or "1") || string.IsNullOrWhiteSpace(text))
            {
                throw new EvaluationException(
                    $"{full}:{number}: expected a message, a tab and 1 (crisis) or 0 (not), got " +
                    (tab < 0 ? "no tab" : string.IsNullOrWhiteSpace(text) ? "no message before the tab" : $"the label '{Shorten(label)}'"));
            }

            messages.Add(new LabelledMessage(number, text, label == "1"));
        }

        return messages.Count > 0 ? messages : throw new EvaluationException($"{full} holds no messages");
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "...";
}
