/**
 * Just enough of node-webot `wechat` 2.1.0 (node_modules/wechat/lib/wechat.js, untyped) for
 * bench/peer-wechat-server.ts.
 */
declare module 'wechat' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  namespace wechat {
    /** A push after xml2js + the middleware's formatMessage: every field a trimmed string. */
    interface Message {
      ToUserName: string;
      FromUserName: string;
      CreateTime: string;
      MsgType: string;
      [field: string]: string | undefined;
    }
    /** The middleware reads `req.query` (Express sets it; on node:http the caller must). */
    interface Request extends IncomingMessage {
      query: Record<string, string | undefined>;
      weixin?: Message;
      weixin_xml?: string;
    }
    interface Response extends ServerResponse {
      /** 200 with a passive reply (a string is a text reply; '' is an empty body). */
      reply(content: string): void;
    }
    type Next = (error?: Error) => void;
    type MessageHandler = (message: Message, req: Request, res: Response, next: Next) => void;
    type Middleware = (req: Request, res: Response, next: Next) => void;
    interface Handler {
      text(fn: MessageHandler): Handler;
      event(fn: MessageHandler): Handler;
      middlewarify(): Middleware;
    }
    interface Config {
      token: string;
      appid?: string;
      encodingAESKey?: string;
      checkSignature?: boolean;
    }
  }

  interface Wechat {
    (token: string | wechat.Config, handler: wechat.Handler): wechat.Middleware;
    text(fn: wechat.MessageHandler): wechat.Handler;
    event(fn: wechat.MessageHandler): wechat.Handler;
  }
  const wechat: Wechat;
  export = wechat;
}
