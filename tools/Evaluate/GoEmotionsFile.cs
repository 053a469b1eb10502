using System.Globalization;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Text;

namespace EmoteCare.Evaluate;

/// <summary>One labelled text of a GoEmotions file, its labels grouped into the seven emotions.</summary>
/// <param name="Line">1-based line number in the file.</param>
/// <param name="Text">The text.</param>
/// <param name="Gold">Which emotions the labels name, indexed by <see cref="Emotion"/>.</param>
internal sealed record LabelledText(int Line, string Text, bool[] Gold);

/// <summary>Reads GoEmotions' TSV format: <c>text&lt;TAB&gt;comma-separated label ids 0..27&lt;TAB&gt;id</c>, no header.</summary>
internal static class GoEmotionsFile
{
    /// <summary>Every line of <paramref name="path"/>; a malformed line stops the read with its line number.</summary>
    /// <exception cref="EvaluationException">The file is missing, empty or has a malformed line.</exception>
    public static IReadOnlyList<LabelledText> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new EvaluationException($"text file not found: {Path.GetFullPath(path)}");
        }

        var rows = new List<LabelledText>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            rows.Add(Parse(line, number, path));
        }

        return rows.Count > 0 ? rows : throw new EvaluationException($"{path} holds no lines");
    }

    private static LabelledText Parse(string line, int number, string path)
    {
        var fields = line.Split('\t');
        if (fields.Length != 3)
        {
            throw new EvaluationException($"{path}:{number}: expected 3 tab-separated fields (text, label ids, id), found {fields.Length}");
        }

        var gold = new bool[Emotions.Count];
        foreach (var label in fields[1].Split(','))
        {
            if (!int.TryParse(label, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id >= GoEmotionsLabels.Count)
            {
                throw new EvaluationException($"{path}:{number}: label '{label}' is not a GoEmotions label id (0 to {GoEmotionsLabels.Count - 1})");
            }

            gold[(int)GoEmotionsLabels.ToEmotion(id)] = true;
        }

        return new LabelledText(number, fields[0], gold);
    }
}
