"""The SIP user agent: answers the hotel's phone calls and feeds them into the voice path.

One module per job: ``endpoint`` (PJSIP library, transports, codecs, the account),
``peers`` (who may call: the allow-list), ``bridge`` (a call's audio between RTP and
the voice path), ``call`` (one SIP call), ``conversation`` (what a call does with the
runtime's answers: transfers, hang-ups, silence), ``runtime_link`` (the rings to the
media worker), ``call_slots`` (the call limit across processes), ``status`` (what
``sovren status`` shows), ``run`` (the process main loop). docs/telephony.md.
"""
