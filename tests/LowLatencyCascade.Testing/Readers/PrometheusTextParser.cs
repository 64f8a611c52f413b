using System.Globalization;
using System.Text;

namespace LowLatencyCascade.Engine.Monitoring;

/// <summary>
/// Reads the Prometheus text exposition format 0.0.4 back into samples: what the tests use to check
/// <c>/metrics</c>, and what a user's script can use without a Prometheus server. Strict: a malformed line
/// throws a <see cref="FormatException"/> naming its line number and what is wrong.
/// </summary>
public static class PrometheusTextParser
{
    private static readonly HashSet<string> KnownTypes = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static PrometheusExposition Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = new Dictionary<string, string>(StringComparer.Ordinal);

        int lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            if (line.AsSpan().Trim(" \t").IsEmpty) continue;
            try
            {
                if (line[0] == '#') ParseComment(line, types, help);
                else samples.Add(ParseSample(line));
            }
            catch (FormatException e)
            {
                throw new FormatException($"Prometheus text, line {lineNumber}: {e.Message} in \"{line}\"", e);
            }
        }
        return new PrometheusExposition(samples, types, help);
    }

    private static void ParseComment(string line, Dictionary<string, string> types, Dictionary<string, string> help)
    {
        var cursor = new Cursor(line, 1);
        cursor.SkipBlanks();
        string keyword = cursor.ReadWhile(c => c != ' ' && c != '\t');
        if (keyword is not ("HELP" or "TYPE")) return; // any other comment carries no meaning
        cursor.SkipBlanks();
        string name = cursor.ReadWhile(c => c != ' ' && c != '\t');
        if (!MetricNames.IsValidMetricName(name)) throw new FormatException($"'{name}' is not a valid metric name");
        if (!cursor.AtEnd && cursor.Peek is ' ' or '\t') cursor.Advance(); // the one separator before the text

        if (keyword == "HELP")
        {
            if (help.ContainsKey(name)) throw new FormatException($"second HELP for '{name}'");
            help[name] = Unescape(cursor.Rest, allowQuote: false);
        }
        else
        {
            string type = cursor.Rest.Trim(' ', '\t');
            if (!KnownTypes.Contains(type)) throw new FormatException($"unknown metric type '{type}'");
            if (!types.TryAdd(name, type)) throw new FormatException($"second TYPE for '{name}'");
        }
    }

    private static PrometheusSample ParseSample(string line)
    {
        var cursor = new Cursor(line, 0);
        cursor.SkipBlanks();
        string name = cursor.ReadWhile(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');
        if (!MetricNames.IsValidMetricName(name)) throw new FormatException("missing or invalid metric name");

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        cursor.SkipBlanks();
        if (!cursor.AtEnd && cursor.Peek == '{')
        {
            cursor.Advance();
            ParseLabels(ref cursor, labels);
        }

        cursor.SkipBlanks();
        string valueText = cursor.ReadWhile(c => c != ' ' && c != '\t');
        double value = ParseValue(valueText);
        cursor.SkipBlanks();
        long? timestamp = null;
        if (!cursor.AtEnd)
        {
            string ts = cursor.ReadWhile(c => c != ' ' && c != '\t');
            if (!long.TryParse(ts, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long t)) throw new FormatException($"invalid timestamp '{ts}'");
            timestamp = t;
            cursor.SkipBlanks();
            if (!cursor.AtEnd) throw new FormatException("unexpected text after the timestamp");
        }
        return new PrometheusSample(name, labels, value, timestamp);
    }

    private static void ParseLabels(ref Cursor cursor, Dictionary<string, string> labels)
    {
        while (true)
        {
            cursor.SkipBlanks();
            if (cursor.AtEnd) throw new FormatException("unterminated label set");
            if (cursor.Peek == '}') { cursor.Advance(); return; }

            string labelName = cursor.ReadWhile(c => char.IsAsciiLetterOrDigit(c) || c == '_');
            if (!MetricNames.IsValidLabelName(labelName)) throw new FormatException($"invalid label name '{labelName}'");
            cursor.SkipBlanks();
            cursor.Expect('=');
            cursor.SkipBlanks();
            cursor.Expect('"');
            var value = new StringBuilder();
            while (true)
            {
                if (cursor.AtEnd) throw new FormatException($"unterminated value of label '{labelName}'");
                char c = cursor.Take();
                if (c == '"') break;
                if (c == '\\') value.Append(UnescapeOne(cursor.AtEnd ? '\0' : cursor.Take(), allowQuote: true));
                else value.Append(c);
            }
            if (!labels.TryAdd(labelName, value.ToString())) throw new FormatException($"label '{labelName}' appears twice");

            cursor.SkipBlanks();
            if (cursor.AtEnd) throw new FormatException("unterminated label set");
            if (cursor.Peek == ',') cursor.Advance();
            else if (cursor.Peek != '}') throw new FormatException($"expected ',' or '}}' after label '{labelName}'");
        }
    }

    private static double ParseValue(string s)
    {
        switch (s)
        {
            case "": throw new FormatException("missing value");
            case "+Inf" or "Inf": return double.PositiveInfinity;
            case "-Inf": return double.NegativeInfinity;
            case "NaN": return double.NaN;
        }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) return v;
        throw new FormatException($"invalid value '{s}'");
    }

    private static string Unescape(string s, bool allowQuote)
    {
        if (!s.Contains('\\')) return s;
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\') { sb.Append(s[i]); continue; }
            // In HELP text a backslash before anything else stands for itself.
            if (i + 1 < s.Length && s[i + 1] is '\\' or 'n') sb.Append(UnescapeOne(s[++i], allowQuote));
            else sb.Append('\\');
        }
        return sb.ToString();
    }

    private static char UnescapeOne(char c, bool allowQuote) => c switch
    {
        '\\' => '\\',
        'n' => '\n',
        '"' when allowQuote => '"',
        _ => throw new FormatException($"invalid escape sequence '\\{c}'"),
    };

    private struct Cursor(string text, int position)
    {
        private int _position = position;

        public readonly bool AtEnd => _position >= text.Length;
        public readonly char Peek => text[_position];
        public readonly string Rest => text[_position..];

        public void Advance() => _position++;
        public char Take() => text[_position++];

        public void Expect(char c)
        {
            if (AtEnd || text[_position] != c) throw new FormatException($"expected '{c}' at column {_position + 1}");
            _position++;
        }

        public void SkipBlanks()
        {
            while (!AtEnd && text[_position] is ' ' or '\t') _position++;
        }

        public string ReadWhile(Func<char, bool> accept)
        {
            int start = _position;
            while (!AtEnd && accept(text[_position])) _position++;
            return text[start.._position];
        }
    }
}
