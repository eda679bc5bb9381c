using System.Globalization;

namespace HmsOps.Core.Metrics.Api;

/// <summary>Numbers spelled as Prometheus's JSON spells them, so a client comparing text sees the same bytes.</summary>
public static class PromNumber
{
    /// <summary>
    /// A sample value as Go's <c>strconv.FormatFloat(v, 'f', -1, 64)</c>: the shortest digits that read back exactly,
    /// never in exponent form; NaN, +Inf and -Inf as words.
    /// </summary>
    public static int FormatValue(double value, Span<byte> destination)
    {
        if (double.IsNaN(value))
        {
            return Copy("NaN"u8, destination);
        }
        if (double.IsInfinity(value))
        {
            return Copy(value > 0 ? "+Inf"u8 : "-Inf"u8, destination);
        }
        Span<char> shortest = stackalloc char[32];
        value.TryFormat(shortest, out var length, "R", CultureInfo.InvariantCulture);
        var text = shortest[..length];
        var e = text.IndexOf('E');
        if (e < 0)
        {
            for (var i = 0; i < length; i++)
            {
                destination[i] = (byte)text[i];
            }
            return length;
        }
        return ExpandExponent(text[..e], int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), destination);
    }

    public static string FormatValue(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxValueBytes];
        var length = FormatValue(value, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..length]);
    }

    /// <summary>Room for any value: 309 integer digits (1.8e308) or 324 fraction digits (5e-324), sign and point.</summary>
    public const int MaxValueBytes = 330;

    /// <summary>Milliseconds as Unix seconds with at most three decimals and no trailing zeros: 1700000000.5.</summary>
    public static int FormatTimestamp(long ms, Span<byte> destination)
    {
        var written = 0;
        if (ms < 0)
        {
            destination[written++] = (byte)'-';
            ms = -ms;
        }
        var seconds = ms / 1000;
        var fraction = (int)(ms % 1000);
        seconds.TryFormat(destination[written..], out var digits, default, CultureInfo.InvariantCulture);
        written += digits;
        if (fraction == 0)
        {
            return written;
        }
        destination[written++] = (byte)'.';
        var divisor = 100;
        while (fraction > 0)
        {
            destination[written++] = (byte)('0' + fraction / divisor);
            fraction %= divisor;
            divisor /= 10;
        }
        return written;
    }

    private static int ExpandExponent(ReadOnlySpan<char> mantissa, int exponent, Span<byte> destination)
    {
        var written = 0;
        if (mantissa[0] == '-')
        {
            destination[written++] = (byte)'-';
            mantissa = mantissa[1..];
        }
        Span<char> digits = stackalloc char[20];
        var count = 0;
        var point = -1;
        foreach (var c in mantissa)
        {
            if (c == '.')
            {
                point = count;
            }
            else
            {
                digits[count++] = c;
            }
        }
        // The decimal point sits after `integerDigits` digits of `digits`.
        var integerDigits = (point < 0 ? count : point) + exponent;
        if (integerDigits <= 0)
        {
            destination[written++] = (byte)'0';
            destination[written++] = (byte)'.';
            for (var i = 0; i < -integerDigits; i++)
            {
                destination[written++] = (byte)'0';
            }
            for (var i = 0; i < count; i++)
            {
                destination[written++] = (byte)digits[i];
            }
            return written;
        }
        for (var i = 0; i < integerDigits; i++)
        {
            destination[written++] = (byte)(i < count ? digits[i] : '0');
        }
        if (integerDigits < count)
        {
            destination[written++] = (byte)'.';
            for (var i = integerDigits; i < count; i++)
            {
                destination[written++] = (byte)digits[i];
            }
        }
        return written;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
