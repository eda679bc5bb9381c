using System.Globalization;
using System.Text;

namespace HmsOps.Core.Alerting.Templating;

/// <summary>
/// The part of Go's <c>fmt.Sprintf</c> alert templates use: verbs v s d f e g q and %%, flags - + 0 and space,
/// width and precision. Mismatches print as Go does (<c>%!d(float64=1.5)</c>, <c>%!s(MISSING)</c>).
/// </summary>
internal static class GoPrintf
{
    public static string Format(string format, IReadOnlyList<object?> args)
    {
        var output = new StringBuilder();
        var next = 0;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i++];
            if (c != '%')
            {
                output.Append(c);
                continue;
            }
            var minus = false;
            var plus = false;
            var zero = false;
            var space = false;
            for (; i < format.Length && format[i] is '-' or '+' or '0' or ' '; i++)
            {
                minus |= format[i] == '-';
                plus |= format[i] == '+';
                zero |= format[i] == '0';
                space |= format[i] == ' ';
            }
            var width = ReadNumber(format, ref i);
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = ReadNumber(format, ref i) ?? 0;
            }
            if (i >= format.Length)
            {
                output.Append("%!(NOVERB)");
                break;
            }
            var verb = format[i++];
            if (verb == '%')
            {
                output.Append('%');
                continue;
            }
            if (next >= args.Count)
            {
                output.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }
            var arg = args[next++];
            var text = FormatOne(verb, arg, precision, plus, space);
            if (text is null)
            {
                output.Append("%!").Append(verb).Append('(').Append(TemplateValue.TypeName(arg)).Append('=')
                    .Append(TemplateValue.Print(arg)).Append(')');
                continue;
            }
            output.Append(Pad(text, width ?? 0, minus, zero && arg is double or long));
        }
        if (next < args.Count)
        {
            output.Append("%!(EXTRA ")
                .Append(string.Join(", ", args.Skip(next).Select(a => TemplateValue.TypeName(a) + "=" + TemplateValue.Print(a))))
                .Append(')');
        }
        return output.ToString();
    }

    private static string? FormatOne(char verb, object? arg, int? precision, bool plus, bool space)
    {
        string? text = (verb, arg) switch
        {
            ('v', _) => TemplateValue.Print(arg),
            ('s', string s) => precision is { } p && p < s.Length ? s[..p] : s,
            ('q', string s) => Quote(s),
            ('d', long l) => l.ToString(CultureInfo.InvariantCulture),
            ('f' or 'F', double d) => GoNumberFormat.F(d, precision ?? 6),
            ('e', double d) => GoNumberFormat.E(d, precision ?? 6),
            ('g', double d) => GoNumberFormat.G(d, precision ?? -1),
            _ => null,
        };
        if (text is not null && arg is double or long && !text.StartsWith('-'))
        {
            text = (plus ? "+" : space ? " " : "") + text;
        }
        return text;
    }

    private static string Pad(string text, int width, bool left, bool zeros)
    {
        if (text.Length >= width)
        {
            return text;
        }
        if (left)
        {
            return text.PadRight(width);
        }
        if (zeros)
        {
            var signLength = text.Length > 0 && text[0] is '-' or '+' or ' ' ? 1 : 0;
            return text[..signLength] + new string('0', width - text.Length) + text[signLength..];
        }
        return text.PadLeft(width);
    }

    private static int? ReadNumber(string format, ref int i)
    {
        var start = i;
        while (i < format.Length && char.IsAsciiDigit(format[i]))
        {
            i++;
        }
        return i > start ? int.Parse(format[start..i], CultureInfo.InvariantCulture) : null;
    }

    private static string Quote(string s)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in s)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }
}
