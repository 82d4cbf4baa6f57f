using System.Text;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Uris;

using Lifeline.Sip.Tests.Messages;

namespace Lifeline.Sip.Tests.Parsing;

/// <summary>
/// RFC 4475 (SIP torture test messages), every message of section 3. Each test asserts what
/// the RFC's text for that message calls out. "Rejected" means either the parser refuses the
/// bytes (the message cannot be framed or its start line cannot be read: the element drops
/// it, or on a stream closes the connection) or the message parses and
/// <see cref="SipMessageValidator"/> returns an error whose SuggestedStatusCode is the answer
/// the RFC asks for.
/// </summary>
public sealed class Rfc4475Tests
{
    public static TheoryData<string, string> Hashes => new()
    {
        { "wsinv", "d6f6cdee99cd0a1f8e3d9a0fdd67c877700e19ab86d8186dada06f61260e3e61" },
        { "intmeth", "b957a8292c1c0a9851fe94705b90f94320738f43aacde64998e401f742ef688d" },
        { "esc01", "be3a316d4ce5f69cad474646191e390dd4b50fc8371e44b5197fe1237781973e" },
        { "escnull", "263fe2ecd12a5ccbb6c67b3174e9211d11da9b600e7d69666a86d2ee42873e90" },
        { "esc02", "9a9c59449f00327b02071feafc8e5c2a261c98c818044167894cc17809a12199" },
        { "lwsdisp", "d1b36b6316c12824f6f04bf6b1fd1f021cade9b74871693b9c3474cd9fa7f4e6" },
        { "longreq", "185739292bc676760e5b1cca77c87705aa570240171c506ad76f8c35af0ecdaa" },
        { "dblreq", "a6be48426565c2a705389c4ce2ea17e57b891cb13f80490a2cb9392c797b46ef" },
        { "semiuri", "87bbaed6b4b354dbd3c5c7a20e66686303c63e43a0aa19b89de1ac75231611a2" },
        { "transports", "33b4553a3b9418121b099ff07882535151edd6a1e81898c63a916aad2cbf90bc" },
        { "mpart01", "92147c8e24997bac59629e1b163767697d0d6d499af87f89e325d69968bec3ba" },
        { "unreason", "4f939d6ebf4817eea70f011d3209e83732872ffc20ffd304b244084dc392f4d7" },
        { "noreason", "07e11e470a69fffa3674de805e5165d1351a9439a91045ee70c9570ea24ab4fe" },
        { "badinv01", "9ee2b88f2e0b5a9eeb9bf729b6177f0a0c7d0b5e6c84be593e0480d7962f3ab8" },
        { "clerr", "d9da629086a38df433438fb0fb19a8730f34516f049a5520dd0cac3285485290" },
        { "ncl", "7ea6538edc1f054fdb6cd1c821040460cffca3cb682fa2e8e2a502d92170b4c2" },
        { "scalar02", "53158177326568e9964bce5dcfac27a2bf8a90953bbc03f6c5e2775864a97e4b" },
        { "scalarlg", "0957eca31737e3592eb1418bb41e9f5219278a78ff420111620d7fb60175b551" },
        { "quotbal", "e61978a2ea359fc666f0336fe4dbc623447532280e3273ea98119b3d3f788c84" },
        { "ltgtruri", "bcacb2dc17610e8cc8f9b8b0e3d6ee65ab473f93787a03bbd33579e1cea473df" },
        { "lwsruri", "3e22ceeca585ad23cc180208e2dad94e0a5aa4bb877a61cac443aa927f758b9e" },
        { "lwsstart", "f884e5626c6c5b1210cfc4a3540b8a28bd52939cff092f3f0c5c971e032adb0e" },
        { "trws", "64ae20694026e28c10746b57386b7fd1276de02b6f8d42d418070e87d6f4499f" },
        { "escruri", "c3cf30af13a9d107829cc105effd79355f1139c6ecc683a048b4c27951f8f416" },
        { "baddate", "1208a6e3e0c8a8c33a06a1f3733d158413cb72e58c379d094c4ecea11e9d4c28" },
        { "regbadct", "575d27530275814c1c98be164808fac89a0e2b4fc899dadcd97e6ba499437bda" },
        { "badaspec", "f8f6e2f4247287b0be6adb5ac222a6db4759395e44d27d2ddb9b39393e94867e" },
        { "baddn", "9d9428e8017092f194ec11077ba6865c251308cdfd7fd9db6a993b28e5748951" },
        { "badvers", "037d702d19e934bfeebbd2609050d7d54928d590cf90c78f3914522771dd8e03" },
        { "mismatch01", "a2c285636e451e75420da0cc62ee55ca3e398827008418befbfb078726bf0793" },
        { "mismatch02", "01b287f9a9c492f7f57405c36c8a2af0e2393896ed2d25fb92b502f2a6722bc4" },
        { "bigcode", "f79450070975da54c3525c9a5cbe75bae3c9d8cb92eba609772c26f66f225c2e" },
        { "badbranch", "cb049c727f16b5ec49e822f9e8b7d0ee20ca2d20ffb50baecd0b411a5e64fa7d" },
        { "insuf", "1e3efd9f3b238c6351ba12bc7eb46d843f2761b5d4a6b82b63bffdf07f2c5aee" },
        { "unkscm", "81be1a6a566c7ab52fe1c58c4a75440dfd697ad04c5e09fa71340de7da7b8bbb" },
        { "novelsc", "9a50a7343fcf685e77c4d0f477138a28f32a41c75aa566d200f3df210b01e648" },
        { "unksm2", "f6914409ced613ef5eb56e264d2f096dac26ab9e397d6a638934d2027f1f6acb" },
        { "bext01", "57181987c02c4f5752b7aa8c2847311f6184216ce7621e40303015949e70761c" },
        { "invut", "9b39e824947df46f90f824cd308fb3c118f548d94637f581101e355b381a0d92" },
        { "regaut01", "885ba0488872cfc04a3c7622854b8381955a5ee890745d6010834e3731a73faa" },
        { "multi01", "d156ab12105b4bfd8a6498de6f7195087058162b8cda1606169855b722411791" },
        { "mcl01", "887191619bf003b7e87399200b5cf4c3b5397344dbf70288ad5e23bd157b7fe4" },
        { "bcast", "073637c63597199179cf5fc91b980b2d530c066a0048ea3b908772def57b4c36" },
        { "zeromf", "50954ef47acca4f9f5263ded06246d06dee4e2ee508a8d284191795d7fddf365" },
        { "cparam01", "dfa6b5cdb289adc694b9b7e103ebfa7a2167335c46e5dc9de67055021910ae1c" },
        { "cparam02", "e93574215bd1d804bb46cc15ca6176b567def7ea1b15f72ab2c2dcf598af465a" },
        { "regescrt", "dab4087c133348b06fd7b3c4c7ef15094f8754e265e4e8c2137bb3ecda2ef477" },
        { "sdp01", "497c5f1ced6c7b579b48075e2dca919ce9b819a735964128a6e744a3a0b9e57f" },
        { "inv2543", "76fac8afe22dee49ea696b511621946694897ac7030fc5d07f57c8b487ce0521" },
    };

    [Theory]
    [MemberData(nameof(Hashes))]
    public void CorpusFile_IsTheRfcArchiveMessage_ByteForByte(string name, string sha256)
    {
        // The SHA-256 of every member of the RFC 4475 Appendix A archive: a checkout or an
        // editor that converts line endings would silently test other messages.
        TortureCorpus.Sha256(TortureCorpus.Rfc4475(name)).ShouldBe(sha256);
    }

    [Fact]
    public void Corpus_HasAllFortyNineMessagesOfSection3()
    {
        Directory.GetFiles(Path.Combine(TortureCorpus.Directory, "Rfc4475"), "*.dat").Length.ShouldBe(49);
        Hashes.Count().ShouldBe(49);
    }

    // ---- 3.1.1 Valid messages: must parse and validate ----

    [Fact]
    public void Wsinv_ShortTortuousInvite_ParsesWithFoldingLwsAndEscapesResolved()
    {
        var m = TortureCorpus.Parse4475("wsinv");
        m.Validate().IsError.ShouldBeFalse();
        m.Method.ShouldBe(SipMethod.Invite);
        m.TryGetRequestUri(out var ruri).ShouldBeTrue();
        ruri.User.ShouldBe("vivekg");
        ruri.HasParameter("unknownparam").ShouldBeTrue();

        m.TryGetTo(out var to).ShouldBeTrue();
        to.Uri.ToString().ShouldBe("sip:vivekg@chair-dnrc.example.com");
        to.Tag.ToString().ShouldBe("1918181833n");

        // "J Rosenberg \\\"" : the quoted-pairs \\ and \" resolve to \ and ".
        m.TryGetFrom(out var from).ShouldBeTrue();
        from.GetDisplayName().ShouldBe("J Rosenberg \\\"");
        from.Tag.ToString().ShouldBe("98asjd8");

        // Integer fields with leading zeros; CSeq folded over two lines.
        m.TryGetMaxForwards(out var maxForwards).ShouldBeTrue();
        maxForwards.ShouldBe(68);
        m.TryGetCSeq(out var cseq).ShouldBeTrue();
        cseq.Sequence.ShouldBe(9u);
        cseq.Method.ShouldBe(SipMethod.Invite);
        m.CallId.ToString().ShouldBe("wsinv.ndaksdj@192.0.2.1");
        m.TryGetContentLength(out var contentLength).ShouldBeTrue();
        contentLength.ShouldBe(150);
        m.Body.Length.ShouldBe(150);

        // Via: a folded long-form line and a compact line with two comma-separated values.
        var vias = new List<(string Transport, string Host, string Branch)>();
        foreach (var via in m.Vias)
        {
            vias.Add((via.Transport.ToString(), via.Host.ToString(), via.Branch.ToString()));
        }

        vias.ShouldBe([("UDP", "192.0.2.2", "390skdjuw"), ("TCP", "spindle.example.com", "z9hG4bK9ikj8"), ("UDP", "192.168.255.111", "z9hG4bK30239")]);

        // An empty Subject (compact form s) and unknown headers kept as written.
        m.TryGetHeader(SipHeaderId.Subject, out var subject).ShouldBeTrue();
        subject.Value.Length.ShouldBe(0);
        m.GetHeaderValue("NewFangledHeader").ShouldBe("newfangled value continued newfangled value");
        m.GetHeaderValue("UnknownHeaderWithUnusualValue").ShouldBe(";;,,;;,;");

        m.TryGetTopRoute(out var route).ShouldBeTrue();
        route.TryGetUri(out var routeUri).ShouldBeTrue();
        routeUri.IsLooseRouting.ShouldBeTrue();
        routeUri.GetParameter("unknownwith").ShouldBe("value");
        routeUri.GetParameter("unknown-no-value").ShouldBe(string.Empty);

        m.TryGetContact(out var contact).ShouldBeTrue();
        contact.GetDisplayName().ShouldBe("Quoted string \"\"");
        contact.TryGetParameter("newparam", out var newparam).ShouldBeTrue();
        newparam.ToString().ShouldBe("newvalue");
        contact.TryGetParameter("secondparam", out var secondparam).ShouldBeTrue();
        secondparam.IsEmpty.ShouldBeTrue();
        contact.TryGetQ(out var q).ShouldBeTrue();
        q.ShouldBe(330);
    }

    [Fact]
    public void Intmeth_WideRangeOfValidCharacters_KeepsUnknownMethodAndOddTokens()
    {
        var m = TortureCorpus.Parse4475("intmeth");
        m.Validate().IsError.ShouldBeFalse();
        const string method = "!interesting-Method0123456789_*+`.%indeed'~";
        m.Method.Kind.ShouldBe(SipMethodKind.Extension);
        m.Method.ToString().ShouldBe(method);
        m.CSeqMethod.ToString().ShouldBe(method);

        m.TryGetRequestUri(out var ruri).ShouldBeTrue();
        ruri.User.ShouldBe("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
        ruri.Password.ShouldBe("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
        ruri.Host.ShouldBe("example.com");

        m.TopViaBranch.ToString().ShouldBe("z9hG4bK-.!%66*_+`'~");

        // quoted-pairs expand to BEL, NUL and DEL.
        m.TryGetTo(out var to).ShouldBeTrue();
        to.GetDisplayName().ShouldBe("BEL:\a NUL:\0 DEL:\u007f");

        m.TryGetFrom(out var from).ShouldBeTrue();
        from.GetDisplayName().ShouldBe("token1~` token2'+_ token3*%!.-");
        from.TryGetParameter("fromParam''~+*_!.-%", out var odd).ShouldBeTrue();
        SipQuoting.Unquote(odd.Span).ShouldBe("работающий");
        from.Tag.ToString().ShouldBe("_token~1'+`*%!-.");

        // % is not an escape in a Call-ID, and quotes/brackets need not balance.
        m.CallId.ToString().ShouldBe("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
        m.TryGetMaxForwards(out var maxForwards).ShouldBeTrue();
        maxForwards.ShouldBe(255);
        m.TryGetHeader("extensionHeader-!.%*+_`'~", out var extension).ShouldBeTrue();
        extension.Value.ToArray().ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF, 0xE5, 0xA4, 0xA7, 0xE5, 0x81, 0x9C, 0xE9, 0x9B, 0xBB });
    }

    [Fact]
    public void Esc01_PercentEscapes_AreResolvedOnceInUriComponents()
    {
        var m = TortureCorpus.Parse4475("esc01");
        m.Validate().IsError.ShouldBeFalse();
        m.TryGetRequestUri(out var ruri).ShouldBeTrue();
        ruri.User.ShouldBe("sips:user@example.com");
        ruri.Host.ShouldBe("example.net");

        m.TryGetTo(out var to).ShouldBeTrue();
        to.TryGetUri(out var toUri).ShouldBeTrue();
        toUri.User.ShouldBe("user");

        m.TryGetFrom(out var from).ShouldBeTrue();
        from.TryGetUri(out var fromUri).ShouldBeTrue();
        fromUri.User.ShouldBe("I have spaces");

        // Contact was folded; its URI parameters are escaped: %6C%72 is lr, and the value of
        // n%61me is value%41 (unescaping is not recursive), not valueA.
        m.TryGetContact(out var contact).ShouldBeTrue();
        contact.TryGetUri(out var contactUri).ShouldBeTrue();
        contactUri.User.ShouldBe("caller");
        contactUri.IsLooseRouting.ShouldBeTrue();
        contactUri.GetParameter("name").ShouldBe("value%41");
    }

    [Fact]
    public void Escnull_EscapedNulls_DoNotShortenTheUserPart()
    {
        var m = TortureCorpus.Parse4475("escnull");
        m.Validate().IsError.ShouldBeFalse();
        m.TryGetTo(out var to).ShouldBeTrue();
        to.TryGetUri(out var toUri).ShouldBeTrue();
        toUri.User.ShouldBe("null-\0-null");

        // Two distinct contacts: %00 and %00%00.
        var users = new List<string?>();
        foreach (var contact in m.Contacts)
        {
            contact.TryGetUri(out var uri).ShouldBeTrue();
            users.Add(uri.User);
        }

        users.ShouldBe(["\0", "\0\0"]);
    }

    [Fact]
    public void Esc02_PercentOutsideUris_IsNotAnEscape()
    {
        var m = TortureCorpus.Parse4475("esc02");
        m.Validate().IsError.ShouldBeFalse();

        // RE%47IST%45R is an unknown method, not REGISTER.
        m.Method.Kind.ShouldBe(SipMethodKind.Extension);
        m.Method.ToString().ShouldBe("RE%47IST%45R");
        m.TryGetTo(out var to).ShouldBeTrue();
        to.GetDisplayName().ShouldBe("%Z%45");
        m.TopViaBranch.ToString().ShouldBe("z9hG4bK209%fzsnel234");

        // Two Contact values, not three: C%6Fntact is an extension header.
        var count = 0;
        foreach (var contact in m.Contacts)
        {
            count++;
        }

        count.ShouldBe(2);
        m.GetHeaderValue("C%6Fntact").ShouldBe("<sip:alias2@host2.example.com>");
    }

    [Fact]
    public void Lwsdisp_NoLwsBetweenDisplayNameAndAngle_IsAccepted()
    {
        var m = TortureCorpus.Parse4475("lwsdisp");
        m.Validate().IsError.ShouldBeFalse();
        m.TryGetFrom(out var from).ShouldBeTrue();
        from.GetDisplayName().ShouldBe("caller");
        from.Uri.ToString().ShouldBe("sip:caller@example.com");
        from.Tag.ToString().ShouldBe("323");
    }

    [Fact]
    public void Longreq_LongValuesAndManyVias_AreReadInFull()
    {
        var m = TortureCorpus.Parse4475("longreq");
        m.Validate().IsError.ShouldBeFalse();

        m.TryGetTo(out var to).ShouldBeTrue();
        to.GetDisplayName().ShouldBe("I have a user name of extremeextremeextremeextremeextremeextremeextremeextremeextremeextreme proportion");
        to.TryGetUri(out var toUri).ShouldBeTrue();
        toUri.Port.ShouldBe(6000);
        toUri.Parameters.Count.ShouldBe(3);
        toUri.GetParameter("unknownparam1").ShouldBe("verylonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglongvalue");

        m.TryGetFrom(out var from).ShouldBeTrue();
        from.Tag.Length.ShouldBe(155);
        m.CallId.ToString().ShouldBe("longreq.one" + string.Concat(Enumerable.Repeat("really", 20)) + "longcallid");

        var hosts = new List<string>();
        foreach (var via in m.Vias)
        {
            hosts.Add(via.Host.ToString());
        }

        hosts.Count.ShouldBe(34);
        hosts[0].ShouldBe("sip33.example.com");
        hosts[32].ShouldBe("sip1.example.com");
        hosts[33].ShouldBe("host.example.com");
        m.CountHeaders(SipHeaderId.Via).ShouldBe(34);
        var longs = string.Concat(Enumerable.Repeat("long", 20));
        m.GetHeaderValue("Unknown-" + string.Concat(Enumerable.Repeat("Long", 20)) + "-Name")
            .ShouldBe($"unknown-{longs}-value; unknown-{longs}-parameter-name = unknown-{longs}-parameter-value");
    }

    [Fact]
    public void Dblreq_TrailingOctetsInDatagram_AreIgnoredByContentLengthFraming()
    {
        var datagram = TortureCorpus.Rfc4475("dblreq");
        var result = SipParser.Default.ParseDatagram(datagram);
        result.Success.ShouldBeTrue();
        var m = result.Message!;
        m.Method.ShouldBe(SipMethod.Register);
        m.Body.Length.ShouldBe(0);

        // Only the REGISTER is taken; the INVITE-looking octets after it are noise (RFC 3261 §18.3).
        m.ConsumedLength.ShouldBeLessThan(datagram.Length);
        Encoding.ASCII.GetString(m.Bytes.Span).ShouldNotContain("INVITE");
        m.CountHeaders(SipHeaderId.Via).ShouldBe(1);
        m.CallId.ToString().ShouldBe("dblreq.0ha0isndaksdj99sdfafnl3lk233412");
    }

    [Fact]
    public void Semiuri_SemicolonInUserPart_IsPartOfTheUser()
    {
        var m = TortureCorpus.Parse4475("semiuri");
        m.Validate().IsError.ShouldBeFalse();
        m.TryGetRequestUri(out var ruri).ShouldBeTrue();
        ruri.User.ShouldBe("user;par=u@example.net");
        ruri.Host.ShouldBe("example.com");
        ruri.Parameters.Count.ShouldBe(0);

        var accepts = new List<string>();
        foreach (var value in m.GetValues(SipHeaderId.Accept))
        {
            accepts.Add(value.ToString());
        }

        accepts.ShouldBe(["application/sdp", "application/pkcs7-mime", "multipart/mixed", "multipart/signed", "message/sip", "message/sipfrag"]);
    }

    [Fact]
    public void Transports_KnownAndUnknownTransports_AreAccepted()
    {
        var m = TortureCorpus.Parse4475("transports");
        m.Validate().IsError.ShouldBeFalse();
        var transports = new List<string>();
        foreach (var via in m.Vias)
        {
            transports.Add(via.Transport.ToString());
        }

        transports.ShouldBe(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"]);
    }

    [Fact]
    public void Mpart01_BinaryMultipartBody_IsFramedByContentLength()
    {
        var m = TortureCorpus.Parse4475("mpart01");
        m.Validate().IsError.ShouldBeFalse();
        m.Body.Length.ShouldBe(553);
        m.Body.Span.IndexOf((byte)0).ShouldBeGreaterThan(0);
        Encoding.ASCII.GetString(m.Body.Span[^24..]).ShouldBe("\r\n--7a9cbec02ceef655--\r\n");
        m.GetHeaderValue(SipHeaderId.ContentType).ShouldBe("multipart/mixed;boundary=7a9cbec02ceef655");
        m.TryGetTopVia(out var via).ShouldBeTrue();
        via.Port.ShouldBe(5070);
        via.HasRPort.ShouldBeTrue();
        via.RPort.ShouldBeNull();
    }

    [Fact]
    public void Unreason_Utf8ReasonPhrase_IsKeptAsBytes()
    {
        var m = TortureCorpus.Parse4475("unreason");
        m.Validate().IsError.ShouldBeFalse();
        m.IsResponse.ShouldBeTrue();
        m.StatusCode.ShouldBe(200);
        m.ReasonPhrase.ToString().ShouldBe("= 2**3 * 5**2 но сто девяносто девять - простое");
        m.Body.Length.ShouldBe(154);
    }

    [Fact]
    public void Noreason_EmptyReasonPhrase_IsAccepted()
    {
        var m = TortureCorpus.Parse4475("noreason");
        m.Validate().IsError.ShouldBeFalse();
        m.StatusCode.ShouldBe(100);
        m.ReasonPhrase.IsEmpty.ShouldBeTrue();
    }

    // ---- 3.1.2 Invalid messages ----

    private static SipParseError ParseError(string name)
    {
        var result = SipParser.Default.ParseDatagram(TortureCorpus.Rfc4475(name));
        result.Success.ShouldBeFalse($"{name} should not parse");
        return result.Error;
    }

    private static SipParseError ValidationError(string name)
    {
        var error = TortureCorpus.Parse4475(name).Validate();
        error.IsError.ShouldBeTrue($"{name} should not validate");
        return error;
    }

    [Fact]
    public void Badinv01_ExtraSeparatorsInVia_IsRejectedAs400OnVia()
    {
        // RFC: syntactically invalid, respond 400. It frames fine, so the 400 can be sent.
        var error = ValidationError("badinv01");
        error.Part.ShouldBe(SipMessagePart.HeaderValue);
        error.Header.ShouldBe(SipHeaderId.Via);
        error.SuggestedStatusCode.ShouldBe(400);
    }

    [Fact]
    public void Clerr_ContentLengthLargerThanDatagram_IsRejectedOnUdpAndAwaitsMoreOnStreams()
    {
        var error = ParseError("clerr");
        error.Code.ShouldBe(SipErrorCode.BodyTruncated);
        error.Part.ShouldBe(SipMessagePart.Body);

        // On a stream the receiver waits for the rest of the body.
        var frame = SipParser.Default.Frame(TortureCorpus.Rfc4475("clerr"));
        frame.Status.ShouldBe(SipFrameStatus.NeedMoreData);
        frame.Length.ShouldBeGreaterThan(9999);
    }

    [Fact]
    public void Ncl_NegativeContentLength_IsAFramingError()
    {
        var error = ParseError("ncl");
        error.Code.ShouldBe(SipErrorCode.InvalidContentLength);
        error.Part.ShouldBe(SipMessagePart.ContentLength);
        SipParser.Default.Frame(TortureCorpus.Rfc4475("ncl")).Status.ShouldBe(SipFrameStatus.Error);
    }

    [Fact]
    public void Scalar02_OverlargeRequestScalars_IsRejectedForTheCSeq()
    {
        // CSeq > 2^32-1 is the reason for the 400 (it comes first; Max-Forwards 300 and the
        // expires values are out of range too).
        var error = ValidationError("scalar02");
        error.Code.ShouldBe(SipErrorCode.ValueOutOfRange);
        error.Header.ShouldBe(SipHeaderId.CSeq);
        var m = TortureCorpus.Parse4475("scalar02");
        m.TryGetMaxForwards(out _).ShouldBeFalse();
        m.TryGetExpires(out _).ShouldBeFalse();
        m.TryGetContact(out var contact).ShouldBeTrue();
        contact.TryGetExpires(out _).ShouldBeFalse();
    }

    [Fact]
    public void Scalarlg_OverlargeResponseScalars_IsInvalidSoTheResponseIsDropped()
    {
        var error = ValidationError("scalarlg");
        error.Code.ShouldBe(SipErrorCode.ValueOutOfRange);
        error.Header.ShouldBe(SipHeaderId.CSeq);
    }

    [Fact]
    public void Quotbal_UnterminatedQuoteInTo_IsRejectedOnTo()
    {
        var error = ValidationError("quotbal");
        error.Header.ShouldBe(SipHeaderId.To);
        error.Code.ShouldBe(SipErrorCode.InvalidHeaderValue);
    }

    [Fact]
    public void Ltgtruri_RequestUriInAngleBrackets_IsRejectedOnTheRequestUri()
    {
        var error = ValidationError("ltgtruri");
        error.Code.ShouldBe(SipErrorCode.InvalidRequestUri);
        error.Part.ShouldBe(SipMessagePart.StartLine);
    }

    [Theory]
    [InlineData("lwsruri")]
    [InlineData("lwsstart")]
    [InlineData("trws")]
    public void StartLineWhitespace_IsRejectedOnTheStartLine(string name)
    {
        // lwsruri (LWS inside the Request-URI), lwsstart (several SP between elements) and
        // trws (SP after SIP/2.0): the RFC allows rejecting these as malformed. The parser
        // does, at the start line, so a proxy never forwards the extra white space.
        var error = ParseError(name);
        error.Part.ShouldBe(SipMessagePart.StartLine);
    }

    [Fact]
    public void Escruri_EscapedHeadersInRequestUri_IsRejectedOnTheRequestUri()
    {
        var error = ValidationError("escruri");
        error.Code.ShouldBe(SipErrorCode.InvalidRequestUri);
    }

    [Fact]
    public void Baddate_NonGmtDate_IsRejectedOnDate()
    {
        var error = ValidationError("baddate");
        error.Header.ShouldBe(SipHeaderId.Date);
    }

    [Fact]
    public void Regbadct_UriWithHeadersOutsideAngleBrackets_IsRejectedOnContact()
    {
        var error = ValidationError("regbadct");
        error.Header.ShouldBe(SipHeaderId.Contact);
    }

    [Fact]
    public void Badaspec_SpacesInsideAngleBrackets_IsRejectedOnTo()
    {
        var error = ValidationError("badaspec");
        error.Header.ShouldBe(SipHeaderId.To);
    }

    [Fact]
    public void Baddn_UnquotedNonTokenDisplayName_IsRejectedOnFrom()
    {
        var error = ValidationError("baddn");
        error.Header.ShouldBe(SipHeaderId.From);
    }

    [Fact]
    public void Badvers_SipVersion7_IsRejectedWith505()
    {
        var error = ValidationError("badvers");
        error.Code.ShouldBe(SipErrorCode.UnsupportedVersion);
        error.SuggestedStatusCode.ShouldBe(505);
    }

    [Fact]
    public void Mismatch01_CSeqMethodDiffersFromRequestMethod_IsRejected()
    {
        ValidationError("mismatch01").Code.ShouldBe(SipErrorCode.CSeqMethodMismatch);
    }

    [Fact]
    public void Mismatch02_UnknownMethodWithOtherCSeqMethod_IsRejected()
    {
        // The RFC prefers 501 (unknown method) over 400; the validator reports the mismatch
        // and the element, seeing an extension method, may answer 501.
        ValidationError("mismatch02").Code.ShouldBe(SipErrorCode.CSeqMethodMismatch);
        TortureCorpus.Parse4475("mismatch02").Method.Kind.ShouldBe(SipMethodKind.Extension);
    }

    [Fact]
    public void Bigcode_StatusCodeAboveThreeDigits_IsDropped()
    {
        var error = ParseError("bigcode");
        error.Code.ShouldBe(SipErrorCode.InvalidStatusCode);
        error.Part.ShouldBe(SipMessagePart.StartLine);
    }

    // ---- 3.2 Transaction layer ----

    [Fact]
    public void Badbranch_MagicCookieWithoutIdentifier_ParsesAndIsVisible()
    {
        // The parser must not break; the transaction layer decides (400 or RFC 2543 matching).
        var m = TortureCorpus.Parse4475("badbranch");
        m.Validate().IsError.ShouldBeFalse();
        m.TryGetTopVia(out var via).ShouldBeTrue();
        via.HasMagicCookie.ShouldBeTrue();
        via.Branch.ToString().ShouldBe("z9hG4bK");
    }

    // ---- 3.3 Application layer ----

    [Fact]
    public void Insuf_MissingCallIdFromTo_IsRejectedAsMissingHeader()
    {
        var error = ValidationError("insuf");
        error.Code.ShouldBe(SipErrorCode.MissingHeader);
        error.Header.ShouldBe(SipHeaderId.From);
        error.SuggestedStatusCode.ShouldBe(400);
    }

    [Theory]
    [InlineData("unkscm", "nobodyKnowsThisScheme")]
    [InlineData("novelsc", "soap.beep")]
    public void UnknownRequestUriScheme_ParsesSoTheApplicationCanAnswer416(string name, string scheme)
    {
        var m = TortureCorpus.Parse4475(name);
        m.Validate().IsError.ShouldBeFalse();
        m.TryGetRequestUri(out var uri).ShouldBeTrue();
        uri.Scheme.ShouldBe(SipUriScheme.Other);
        uri.SchemeName.ShouldBe(scheme);
    }

    [Fact]
    public void Unksm2_UnknownSchemesInHeaders_ParseAsOpaqueUris()
    {
        var m = TortureCorpus.Parse4475("unksm2");
        m.Validate().IsError.ShouldBeFalse();
        m.TryGetTo(out var to).ShouldBeTrue();
        to.TryGetUri(out var toUri).ShouldBeTrue();
        toUri.SchemeName.ShouldBe("isbn");
        toUri.IsSip.ShouldBeFalse();
        m.TryGetFrom(out var from).ShouldBeTrue();
        from.Uri.ToString().ShouldBe("http://www.example.com");
        m.TryGetContact(out var contact).ShouldBeTrue();
        contact.Uri.ToString().ShouldBe("name:John_Smith");
    }

    [Fact]
    public void Bext01_UnknownRequireAndProxyRequire_AreListedForThe420()
    {
        var m = TortureCorpus.Parse4475("bext01");
        m.Validate().IsError.ShouldBeFalse();
        m.GetValues(SipHeaderId.Require).ToList().ShouldBe(["nothingSupportsThis", "nothingSupportsThisEither"]);
        m.GetValues(SipHeaderId.ProxyRequire).ToList().ShouldBe(["noProxiesSupportThis", "norDoAnyProxiesSupportThis"]);
    }

    [Fact]
    public void Invut_UnknownContentType_IsExposedForThe415()
    {
        var m = TortureCorpus.Parse4475("invut");
        m.Validate().IsError.ShouldBeFalse();
        m.GetHeaderValue(SipHeaderId.ContentType).ShouldBe("application/unknownformat");
        m.Body.Length.ShouldBe(40);
    }

    [Fact]
    public void Regaut01_UnknownAuthorizationScheme_ParsesAndIsForwardedUntouched()
    {
        var m = TortureCorpus.Parse4475("regaut01");
        m.Validate().IsError.ShouldBeFalse();
        m.TryGetCredentials(out var credentials).ShouldBeTrue();
        credentials.Scheme.ToString().ShouldBe("NoOneKnowsThisScheme");
        credentials.IsDigest.ShouldBeFalse();
        credentials.GetParameter("opaque-data").ShouldBe("here");
    }

    [Fact]
    public void Multi01_RepeatedSingleValueHeaders_IsRejectedOnTheFirstRepeat()
    {
        var error = ValidationError("multi01");
        error.Code.ShouldBe(SipErrorCode.DuplicateHeader);
        error.Header.ShouldBe(SipHeaderId.CSeq);
    }

    [Fact]
    public void Mcl01_ConflictingContentLengths_IsAFramingError()
    {
        ParseError("mcl01").Code.ShouldBe(SipErrorCode.ConflictingContentLength);
        SipParser.Default.Frame(TortureCorpus.Rfc4475("mcl01")).Status.ShouldBe(SipFrameStatus.Error);
    }

    [Fact]
    public void Bcast_BroadcastSentByInSecondVia_IsVisibleToTheProxy()
    {
        // Well formed; a proxy must not forward the response to 255.255.255.255 (it drops it).
        var m = TortureCorpus.Parse4475("bcast");
        m.Validate().IsError.ShouldBeFalse();
        var hosts = new List<string>();
        foreach (var via in m.Vias)
        {
            hosts.Add(via.Host.ToString());
        }

        hosts.ShouldBe(["192.0.2.198", "255.255.255.255"]);
    }

    [Fact]
    public void Zeromf_MaxForwardsZero_ParsesWithValueZero()
    {
        var m = TortureCorpus.Parse4475("zeromf");
        m.Validate().IsError.ShouldBeFalse();
        m.TryGetMaxForwards(out var maxForwards).ShouldBeTrue();
        maxForwards.ShouldBe(0);
    }

    [Fact]
    public void Cparam01_ParameterAfterAddrSpec_IsAContactParameter()
    {
        var m = TortureCorpus.Parse4475("cparam01");
        m.Validate().IsError.ShouldBeFalse();
        m.TryGetContact(out var contact).ShouldBeTrue();
        contact.HasAngleBrackets.ShouldBeFalse();
        contact.TryGetParameter("unknownparam", out _).ShouldBeTrue();
        contact.TryGetUri(out var uri).ShouldBeTrue();
        uri.Parameters.Count.ShouldBe(0);
    }

    [Fact]
    public void Cparam02_ParameterInsideAngleBrackets_IsAUriParameter()
    {
        var m = TortureCorpus.Parse4475("cparam02");
        m.Validate().IsError.ShouldBeFalse();
        m.TryGetContact(out var contact).ShouldBeTrue();
        contact.TryGetParameter("unknownparam", out _).ShouldBeFalse();
        contact.TryGetUri(out var uri).ShouldBeTrue();
        uri.HasParameter("unknownparam").ShouldBeTrue();
    }

    [Fact]
    public void Regescrt_EscapedHeaderInContactUri_IsPartOfTheUri()
    {
        var m = TortureCorpus.Parse4475("regescrt");
        m.Validate().IsError.ShouldBeFalse();
        m.TryGetContact(out var contact).ShouldBeTrue();
        contact.TryGetUri(out var uri).ShouldBeTrue();
        uri.Headers.ShouldBe([new SipUriHeader("Route", "<sip:sip.example.com>")]);
    }

    [Fact]
    public void Sdp01_UnacceptableAccept_IsExposedForThe406()
    {
        var m = TortureCorpus.Parse4475("sdp01");
        m.Validate().IsError.ShouldBeFalse();
        m.GetHeaderValue(SipHeaderId.Accept).ShouldBe("text/nobodyKnowsThis");
        m.GetHeaderValue(SipHeaderId.ContentType).ShouldBe("application/sdp");
    }

    // ---- 3.4 Backward compatibility ----

    [Fact]
    public void Inv2543_Rfc2543Invite_IsAcceptedWithBodyToEndOfDatagram()
    {
        // No branch, no From tag, no Max-Forwards, no Content-Length: the body is the rest of the datagram.
        var datagram = TortureCorpus.Rfc4475("inv2543");
        var m = TortureCorpus.Parse4475("inv2543");
        m.Validate().IsError.ShouldBeFalse();
        m.TryGetTopVia(out var via).ShouldBeTrue();
        via.HasBranch.ShouldBeFalse();
        m.TryGetFrom(out var from).ShouldBeTrue();
        from.HasTag.ShouldBeFalse();
        m.Contains(SipHeaderId.MaxForwards).ShouldBeFalse();
        m.TryGetContentLength(out _).ShouldBeFalse();
        m.ConsumedLength.ShouldBe(datagram.Length);
        Encoding.ASCII.GetString(m.Body.Span).ShouldStartWith("v=0\r\n");
    }
}
