using System.Globalization;
using System.Text;

namespace OrderCancellation.Api.Email;

/// <summary>
/// The Message-Id of a notice's e-mail, derived from the notice id alone, so every attempt of the activity sends the same
/// id: <c>{encoded notice id}@{domain}</c>. Notice ids (<c>{orderId}:{version}:{index}</c>) may hold ':' and '.', which a
/// Message-Id's left part may not (or not freely): every character but letters, digits, '-' and '_' is written
/// <c>=XX</c> (its hex code), which keeps ids apart and readable.
/// </summary>
public static class MessageIds
{
    public static string For(string notificationId, string domain)
    {
        var left = new StringBuilder(notificationId.Length + 8);
        foreach (var c in notificationId)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            {
                left.Append(c);
            }
            else
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    left.Append('=').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
        }

        return $"{left}@{domain}";
    }
}
